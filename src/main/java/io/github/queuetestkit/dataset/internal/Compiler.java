package io.github.queuetestkit.dataset.internal;

import io.github.queuetestkit.dataset.ColumnSpec;
import io.github.queuetestkit.dataset.DatasetDefinitionException;
import io.github.queuetestkit.dataset.Generator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** Turns generator descriptions into value functions, once per table load. */
final class Compiler {

    /** A JSON document already rendered, so formatting knows not to quote it. */
    record Json(String text) {
    }

    private final long seed;
    private final String table;
    private final long tableRows;
    private final Map<String, Long> parentRows;
    private final List<String> columnNames;

    Compiler(long seed, String table, long tableRows, Map<String, Long> parentRows, List<ColumnSpec> columns) {
        this.seed = seed;
        this.table = table;
        this.tableRows = tableRows;
        this.parentRows = parentRows;
        this.columnNames = new ArrayList<>();
        for (ColumnSpec column : columns) {
            columnNames.add(column.name());
        }
    }

    ValueFunction compile(ColumnSpec column, int index) {
        ValueFunction base = compile(column.generator(), column, index);
        ValueFunction withCondition = base;
        if (column.whenColumn() != null) {
            int at = earlierColumn(column.whenColumn(), column, index);
            List<String> values = column.whenValues();
            java.util.Set<String> when = java.util.Set.copyOf(values);
            withCondition = (rng, row, earlier) -> {
                Object decider = earlier[at];
                boolean set = decider != null && (when.isEmpty() || when.contains(decider.toString()));
                return set ? base.apply(rng, row, earlier) : null;
            };
        }
        if (column.nullRate() > 0) {
            double rate = column.nullRate();
            ValueFunction inner = withCondition;
            // The null draw comes after the value's own draws so a null rate does not shift the values.
            return (rng, row, earlier) -> {
                Object value = inner.apply(rng, row, earlier);
                return rng.nextDouble() < rate ? null : value;
            };
        }
        return withCondition;
    }

    private int earlierColumn(String name, ColumnSpec column, int index) {
        int at = columnNames.indexOf(name);
        if (at < 0 || at >= index) {
            throw new DatasetDefinitionException(where(column) + "column " + column.name() + " refers to column "
                    + name + ", which is not an earlier column of table " + table
                    + ". List the columns it depends on before it.");
        }
        return at;
    }

    private String where(ColumnSpec column) {
        return column.origin() == null ? "" : column.origin() + ": ";
    }

    private ValueFunction compile(Generator generator, ColumnSpec column, int index) {
        if (generator instanceof Generator.Sequence g) {
            long start = g.start();
            return (rng, row, earlier) -> start + row;
        }
        if (generator instanceof Generator.UniformLong g) {
            long min = g.min();
            long span = g.max() - g.min() + 1;
            return (rng, row, earlier) -> min + rng.nextLong(span);
        }
        if (generator instanceof Generator.UniformDecimal g) {
            double min = g.min();
            double width = g.max() - g.min();
            double factor = Math.pow(10, g.scale());
            return (rng, row, earlier) -> Math.floor((min + rng.nextDouble() * width) * factor) / factor;
        }
        if (generator instanceof Generator.Zipf g) {
            ZipfSampler sampler = new ZipfSampler(g.n(), g.exponent());
            return (rng, row, earlier) -> sampler.sample(rng);
        }
        if (generator instanceof Generator.Choice g) {
            String[] values = g.values().toArray(new String[0]);
            double[] cumulative = new double[values.length];
            double total = 0;
            for (int i = 0; i < values.length; i++) {
                total += g.weights().get(i);
                cumulative[i] = total;
            }
            double sum = total;
            return (rng, row, earlier) -> {
                double u = rng.nextDouble() * sum;
                for (int i = 0; i < cumulative.length; i++) {
                    if (u < cumulative[i]) {
                        return values[i];
                    }
                }
                return values[values.length - 1];
            };
        }
        if (generator instanceof Generator.Normal g) {
            double mean = g.mean();
            double sd = g.stddev();
            if (g.logNormal()) {
                return (rng, row, earlier) -> Math.exp(mean + sd * rng.nextGaussian());
            }
            return (rng, row, earlier) -> mean + sd * rng.nextGaussian();
        }
        if (generator instanceof Generator.Timestamp g) {
            long from = g.from().getEpochSecond();
            long width = Math.max(1, g.to().getEpochSecond() - from);
            if (g.increasing()) {
                double step = (double) width / Math.max(1, tableRows);
                return (rng, row, earlier) -> Instant.ofEpochSecond(from + (long) ((row + rng.nextDouble()) * step));
            }
            return (rng, row, earlier) -> Instant.ofEpochSecond(from + rng.nextLong(width));
        }
        if (generator instanceof Generator.Text g) {
            ValueFunction length = compile(g.length(), column, index);
            return (rng, row, earlier) -> {
                int n = (int) Math.max(0, Math.round(((Number) length.apply(rng, row, earlier)).doubleValue()));
                StringBuilder text = new StringBuilder(n);
                while (text.length() < n) {
                    long bits = rng.nextLong();
                    for (int i = 0; i < 10 && text.length() < n; i++) {
                        int c = (int) ((bits >>> (i * 6)) & 31);
                        text.append(c < 26 ? (char) ('a' + c) : ' ');
                    }
                }
                return text.toString();
            };
        }
        if (generator instanceof Generator.Faker g) {
            return faker(g, column);
        }
        if (generator instanceof Generator.ForeignKey g) {
            Long parents = parentRows.get(g.table());
            if (parents == null) {
                throw new DatasetDefinitionException(where(column) + "column " + column.name()
                        + " is a foreign key to table " + g.table() + ", which is not a table of the dataset"
                        + " loaded before " + table + ". Expected one of " + parentRows.keySet() + ".");
            }
            long n = Math.max(1, parents);
            if (g.exponent() <= 0) {
                return (rng, row, earlier) -> 1 + rng.nextLong(n);
            }
            ZipfSampler sampler = new ZipfSampler(n, g.exponent());
            return (rng, row, earlier) -> sampler.sample(rng);
        }
        if (generator instanceof Generator.Json g) {
            int size = g.fields().size();
            // keys and choice values are rendered once here rather than on every row
            String[] keys = new String[size];
            ValueFunction[] fields = new ValueFunction[size];
            List<Map<String, String>> choices = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, Generator> field : g.fields().entrySet()) {
                StringBuilder key = new StringBuilder(i > 0 ? ", " : "");
                jsonString(key, field.getKey());
                keys[i] = key.append(": ").toString();
                fields[i] = compile(field.getValue(), column, index);
                Map<String, String> rendered = new java.util.HashMap<>();
                if (field.getValue() instanceof Generator.Choice choice) {
                    for (String value : choice.values()) {
                        rendered.put(value, jsonChoice(value));
                    }
                }
                choices.add(rendered);
                i++;
            }
            return (rng, row, earlier) -> {
                StringBuilder json = new StringBuilder(64).append('{');
                for (int f = 0; f < size; f++) {
                    json.append(keys[f]);
                    Object value = fields[f].apply(rng, row, earlier);
                    String choice = value instanceof String ? choices.get(f).get(value) : null;
                    if (value == null) {
                        json.append("null");
                    } else if (choice != null) {
                        json.append(choice);
                    } else if (value instanceof Number || value instanceof Json) {
                        json.append(value instanceof Json j ? j.text() : Formats.number(value));
                    } else {
                        jsonString(json, value.toString());
                    }
                }
                return new Json(json.append('}').toString());
            };
        }
        if (generator instanceof Generator.After g) {
            int at = earlierColumn(g.column(), column, index);
            ValueFunction seconds = compile(g.seconds(), column, index);
            return (rng, row, earlier) -> {
                Object start = earlier[at];
                double plus = ((Number) seconds.apply(rng, row, earlier)).doubleValue();
                return start instanceof Instant i ? i.plusMillis(Math.max(0, Math.round(plus * 1000))) : null;
            };
        }
        throw new IllegalStateException("unknown generator " + generator);
    }

    /** A choice's values are text once parsed; in JSON, true/false and numbers keep their type. */
    private static String jsonChoice(String value) {
        if (value.equals("true") || value.equals("false") || value.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?")) {
            return value;
        }
        StringBuilder quoted = new StringBuilder();
        jsonString(quoted, value);
        return quoted.toString();
    }

    private ValueFunction faker(Generator.Faker g, ColumnSpec column) {
        long base = Rng.stream(seed, table, column.name(), "faker");
        FakerPool.check(g.expression(), where(column));
        if (g.unique()) {
            ThreadLocal<Object[]> fakers = ThreadLocal.withInitial(() -> {
                Random random = new Random(0);
                return new Object[] {random, new net.datafaker.Faker(Locale.ROOT, random)};
            });
            return (rng, row, earlier) -> {
                Object[] pair = fakers.get();
                ((Random) pair[0]).setSeed(rng.nextLong());
                return ((net.datafaker.Faker) pair[1]).expression(g.expression());
            };
        }
        String[] pool = FakerPool.pool(g.expression(), g.pool(), base);
        return (rng, row, earlier) -> pool[(int) rng.nextLong(pool.length)];
    }

    static void jsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
