package io.github.queuetestkit.dataset;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * How the values of one column are made. Every generator is deterministic: a value depends only on the
 * dataset's seed, the table, the column and the row number, so adding a column changes no other column and
 * rows are identical whatever the thread count.
 *
 * <pre>{@code
 * Generator.zipf(50, 1.2)                       // ranks 1..50, rank 1 hottest
 * Generator.choice(List.of("queued", "done"), List.of(1.0, 9.0))
 * Generator.timestampBetween(Instant.parse("2025-01-01T00:00:00Z"), Duration.ofDays(-30), Duration.ZERO)
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public sealed interface Generator {

    /** @return what kind of value it produces, to check it against the column's type */
    ValueKind kind();

    /** The kinds of values generators make. */
    enum ValueKind {
        /** Whole numbers: fit integer, numeric and text columns. */
        INTEGER,
        /** Decimal numbers: fit numeric and text columns, and integer columns after rounding. */
        DECIMAL,
        /** Text: fits text columns only. */
        TEXT,
        /** Instants: fit timestamp, timestamptz, date and text columns. */
        TIMESTAMP,
        /** A JSON document: fits json, jsonb and text columns. */
        JSON,
        /** Literal values written as given: PostgreSQL parses them into any column type. */
        LITERAL
    }

    /** @return 1, 2, 3, ... in row order */
    static Generator sequence() {
        return new Sequence(1);
    }

    /**
     * @param min smallest value, inclusive
     * @param max largest value, inclusive
     * @return whole numbers drawn uniformly
     */
    static Generator uniform(long min, long max) {
        return new UniformLong(min, max);
    }

    /**
     * @param min smallest value, inclusive
     * @param max largest value, exclusive
     * @param scale digits after the decimal point
     * @return decimals drawn uniformly
     */
    static Generator uniformDecimal(double min, double max, int scale) {
        return new UniformDecimal(min, max, scale);
    }

    /**
     * @param n how many ranks
     * @param exponent the skew, {@code s > 0}; about 1 is typical of real users
     * @return ranks 1..n, rank k drawn with probability proportional to {@code 1/k^s}, in O(1) per draw
     */
    static Generator zipf(long n, double exponent) {
        return new Zipf(n, exponent);
    }

    /**
     * @param values the values, written as given
     * @param weights one relative weight per value
     * @return one of the values, drawn by weight
     */
    static Generator choice(List<String> values, List<Double> weights) {
        return new Choice(values, weights);
    }

    /**
     * @param mean the mean
     * @param stddev the standard deviation
     * @return normally distributed numbers
     */
    static Generator normal(double mean, double stddev) {
        return new Normal(mean, stddev, false);
    }

    /**
     * @param mu the mean of the logarithm
     * @param sigma the standard deviation of the logarithm
     * @return log-normally distributed numbers, for durations and sizes
     */
    static Generator logNormal(double mu, double sigma) {
        return new Normal(mu, sigma, true);
    }

    /**
     * @param reference a fixed instant (never now, so a dataset means the same whenever it is loaded)
     * @param from offset of the earliest value from the reference
     * @param to offset of the latest value from the reference
     * @return instants drawn uniformly in the range
     */
    static Generator timestampBetween(Instant reference, Duration from, Duration to) {
        return new Timestamp(reference.plus(from), reference.plus(to), false);
    }

    /**
     * @param minLength shortest text
     * @param maxLength longest text
     * @return lowercase words of a length drawn uniformly
     */
    static Generator text(int minLength, int maxLength) {
        return new Text(new UniformLong(minLength, maxLength));
    }

    /**
     * @param expression a DataFaker expression such as {@code #{Internet.emailAddress}}
     * @return values drawn from a deterministic pool of 1000 distinct evaluations
     */
    static Generator faker(String expression) {
        return new Faker(expression, 1000, false);
    }

    /**
     * @param table the parent table, with a sequence key 1..rows
     * @param exponent 0 for uniform parents, above 0 for Zipf-skewed (hot) parents
     * @return keys of the parent table's rows
     */
    static Generator foreignKey(String table, double exponent) {
        return new ForeignKey(table, exponent);
    }

    /**
     * @param fields field name to generator, in order (a map without an order, such as {@code Map.of}, is taken in
     *        name order, so the rows do not depend on the JVM)
     * @return a JSON object built from other generators
     */
    static Generator json(Map<String, Generator> fields) {
        return new Json(fields);
    }

    /**
     * @param column an earlier column of the same row holding a timestamp
     * @param seconds how many seconds later, e.g. a log-normal duration
     * @return that column's value plus a drawn duration: {@code started_at <= finished_at} by construction
     */
    static Generator after(String column, Generator seconds) {
        return new After(column, seconds);
    }

    /** @param start the first value @see #sequence() */
    record Sequence(long start) implements Generator {
        @Override
        public ValueKind kind() {
            return ValueKind.INTEGER;
        }
    }

    /** @param min inclusive @param max inclusive @see #uniform(long, long) */
    record UniformLong(long min, long max) implements Generator {
        public UniformLong {
            if (max < min) {
                throw new IllegalArgumentException("uniform: max " + max + " is below min " + min);
            }
        }

        @Override
        public ValueKind kind() {
            return ValueKind.INTEGER;
        }
    }

    /** @param min inclusive @param max exclusive @param scale digits @see #uniformDecimal */
    record UniformDecimal(double min, double max, int scale) implements Generator {
        @Override
        public ValueKind kind() {
            return ValueKind.DECIMAL;
        }
    }

    /** @param n ranks @param exponent skew @see #zipf(long, double) */
    record Zipf(long n, double exponent) implements Generator {
        public Zipf {
            if (n < 1 || exponent <= 0) {
                throw new IllegalArgumentException("zipf needs n >= 1 and exponent > 0, got n=" + n
                        + ", exponent=" + exponent);
            }
        }

        @Override
        public ValueKind kind() {
            return ValueKind.INTEGER;
        }
    }

    /** @param values the values @param weights their weights @see #choice */
    record Choice(List<String> values, List<Double> weights) implements Generator {
        public Choice {
            values = List.copyOf(values);
            weights = List.copyOf(weights);
            if (values.isEmpty() || values.size() != weights.size()) {
                throw new IllegalArgumentException("choice needs as many weights as values, got "
                        + values.size() + " values and " + weights.size() + " weights");
            }
        }

        @Override
        public ValueKind kind() {
            return ValueKind.LITERAL;
        }
    }

    /** @param mean mean (of the log if logNormal) @param stddev deviation @param logNormal whether exp() */
    record Normal(double mean, double stddev, boolean logNormal) implements Generator {
        @Override
        public ValueKind kind() {
            return ValueKind.DECIMAL;
        }
    }

    /**
     * @param from earliest
     * @param to latest
     * @param increasing whether values increase with the row number (hence within every key)
     */
    record Timestamp(Instant from, Instant to, boolean increasing) implements Generator {
        /** @return the same range, values increasing with the row number, so increasing per user too */
        public Timestamp increasingInRowOrder() {
            return new Timestamp(from, to, true);
        }

        @Override
        public ValueKind kind() {
            return ValueKind.TIMESTAMP;
        }
    }

    /** @param length the length distribution (a numeric generator) */
    record Text(Generator length) implements Generator {
        @Override
        public ValueKind kind() {
            return ValueKind.TEXT;
        }
    }

    /** @param expression DataFaker expression @param pool distinct values kept @param unique fresh per row */
    record Faker(String expression, int pool, boolean unique) implements Generator {
        /** @return fresh values per row instead of a pool (slower: one DataFaker evaluation per row) */
        public Faker withUnique() {
            return new Faker(expression, pool, true);
        }

        /** @param size how many distinct values to draw from @return a copy with that pool */
        public Faker withPool(int size) {
            return new Faker(expression, size, unique);
        }

        @Override
        public ValueKind kind() {
            return ValueKind.TEXT;
        }
    }

    /** @param table parent table @param exponent 0 uniform, else Zipf skew @see #foreignKey */
    record ForeignKey(String table, double exponent) implements Generator {
        @Override
        public ValueKind kind() {
            return ValueKind.INTEGER;
        }
    }

    /** @param fields the fields in order @see #json(Map) */
    record Json(Map<String, Generator> fields) implements Generator {
        public Json {
            // fields draw in order from one stream, so the order must not vary between JVMs as Map.of's does
            boolean ordered = fields instanceof LinkedHashMap || fields instanceof java.util.SortedMap
                    || fields.size() < 2;
            fields = java.util.Collections.unmodifiableMap(ordered ? new LinkedHashMap<>(fields)
                    : new LinkedHashMap<>(new java.util.TreeMap<>(fields)));
        }

        @Override
        public ValueKind kind() {
            return ValueKind.JSON;
        }
    }

    /** @param column earlier timestamp column @param seconds offset in seconds @see #after */
    record After(String column, Generator seconds) implements Generator {
        @Override
        public ValueKind kind() {
            return ValueKind.TIMESTAMP;
        }
    }
}
