package io.github.queuetestkit.plan;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.postgres.internal.SqlScript;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Planner statistics taken from production with {@code pg_dump --statistics-only} (PostgreSQL 18): no rows, only
 * what the planner reads (row and page counts, null fractions, most common values, histograms). Given to an
 * {@link Explain} with {@link Explain#withStatistics}, they are put in place inside the explain's transaction with
 * {@code pg_restore_relation_stats} and {@code pg_restore_attribute_stats} and rolled back with it, so the plan is
 * the one production's statistics give while the rest of the database keeps its own.
 *
 * <pre>{@code
 * StatisticsDump production = StatisticsDump.fromClasspath("stats/jobs-production.sql");
 * assertThatPlan(dataSource, Explain.of(DEQUEUE, "mailers").withStatistics(production)).usesIndex("jobs_dequeue");
 * }</pre>
 *
 * <p>Only the {@code pg_restore_relation_stats} and {@code pg_restore_attribute_stats} calls of the dump are read;
 * its {@code SET} lines and psql meta-commands ({@code \restrict}) are left out. A dump written from another major
 * version than the server's is refused unless {@link #fromAnotherMajor()} says that is meant.
 *
 * @param name where the dump came from, for messages (a file path or classpath resource)
 * @param calls the restore calls, in the dump's order
 * @param sourceVersion the {@code server_version_num} the statistics were taken on (the calls' {@code 'version'})
 * @param dumpedFrom the server version the dump's header names ({@code -- Dumped from database version 18.6}), or
 *     empty
 * @param startedOn when the dump was taken, from its header ({@code -- Started on}, written by
 *     {@code pg_dump --verbose}), or empty
 * @param anotherMajorAllowed whether statistics of another major version may be restored
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record StatisticsDump(String name, List<Call> calls, int sourceVersion, Optional<String> dumpedFrom,
        Optional<String> startedOn, boolean anotherMajorAllowed) {

    private static final Pattern DUMPED_FROM = Pattern.compile("(?m)^-- Dumped from database version (.+)$");
    private static final Pattern SCHEMA_ARGUMENT = Pattern.compile("'schemaname'\\s*,\\s*'(?:[^']|'')*'");
    private static final Pattern STARTED_ON = Pattern.compile("(?m)^-- Started on (.+)$");
    private static final Pattern CALL = Pattern.compile(
            "(?is)^SELECT\\s+\\*\\s+FROM\\s+(?:pg_catalog\\.)?(pg_restore_relation_stats|pg_restore_attribute_stats)"
                    + "\\s*\\((.*)\\)\\s*$");

    /**
     * One restore call of the dump.
     *
     * @param function {@code pg_restore_relation_stats} or {@code pg_restore_attribute_stats}
     * @param sql the call as the dump wrote it, run as is
     * @param schema its {@code 'schemaname'}
     * @param table its {@code 'relname'}
     * @param column its {@code 'attname'}, or null for relation statistics
     * @param line the line of the dump the call starts on, for messages
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public record Call(String function, String sql, String schema, String table, String column, int line) {

        /** @return true for {@code pg_restore_attribute_stats} */
        public boolean isColumn() {
            return column != null;
        }

        /** @return schema.table, as messages name it */
        public String qualifiedTable() {
            return schema + "." + table;
        }
    }

    /** Copies the calls. */
    public StatisticsDump {
        Objects.requireNonNull(name, "name");
        calls = List.copyOf(calls);
    }

    /**
     * @param file a file {@code pg_dump --statistics-only} wrote (plain format)
     * @return the dump
     * @throws InvalidConfigurationException when the file cannot be read or holds no statistics
     */
    public static StatisticsDump fromFile(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidConfigurationException("Could not read the statistics dump " + file + ": " + e.getMessage()
                    + ". Write it with pg_dump --statistics-only --file=" + file.getFileName() + ".", e);
        }
    }

    /**
     * @param resource a classpath resource, e.g. {@code "stats/jobs-production.sql"}
     * @return the dump
     * @throws InvalidConfigurationException when there is no such resource or it holds no statistics
     */
    public static StatisticsDump fromClasspath(String resource) {
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new InvalidConfigurationException("No statistics dump " + resource + " on the class path. Put the"
                        + " file pg_dump --statistics-only wrote under src/test/resources and name it from there.");
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidConfigurationException("Could not read the statistics dump " + resource + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * @param name where the text came from, for messages
     * @param text what {@code pg_dump --statistics-only} wrote
     * @return the dump
     * @throws InvalidConfigurationException when the text holds no restore call, or calls of several versions
     */
    public static StatisticsDump parse(String name, String text) {
        // psql meta-commands such as \restrict end at the line's end, not at a semicolon: blank them out, keeping
        // every offset, so the statements around them split as the server would see them
        StringBuilder sql = new StringBuilder(text);
        int lineStart = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (lineStart < text.length() && text.charAt(lineStart) == '\\') {
                    for (int k = lineStart; k < i; k++) {
                        sql.setCharAt(k, ' ');
                    }
                }
                lineStart = i + 1;
            }
        }
        SqlScript script = SqlScript.parse(name, sql.toString());
        List<Call> calls = new ArrayList<>();
        Set<Integer> versions = new LinkedHashSet<>();
        for (SqlScript.Statement statement : script.statements()) {
            int start = withoutLeadingComments(statement.sql());
            Matcher call = CALL.matcher(statement.sql().substring(start).strip());
            if (!call.matches()) {
                continue;
            }
            int line = script.lineAndColumn(statement.offset() + start)[0];
            List<String> arguments = StatisticsArguments.read(call.group(2));
            String version = StatisticsArguments.value(arguments, "version");
            String schema = StatisticsArguments.value(arguments, "schemaname");
            String table = StatisticsArguments.value(arguments, "relname");
            if (schema == null || table == null) {
                throw new InvalidConfigurationException("Statistics dump " + name + ", line " + line + ": the "
                        + call.group(1) + " call names no 'schemaname' and 'relname'. Write the dump with pg_dump 18"
                        + " --statistics-only and commit it as written.");
            }
            if (version != null) {
                versions.add(Integer.parseInt(version));
            }
            calls.add(new Call(call.group(1).toLowerCase(Locale.ROOT), statement.sql().substring(start).strip(), schema,
                    table, StatisticsArguments.value(arguments, "attname"), line));
        }
        if (calls.isEmpty()) {
            throw new InvalidConfigurationException("Statistics dump " + name + " holds no pg_restore_relation_stats or"
                    + " pg_restore_attribute_stats call, so it would change no plan. Write it with pg_dump 18"
                    + " --statistics-only --table=<the queue's tables> (plain format), not a schema or data dump.");
        }
        if (versions.size() > 1) {
            throw new InvalidConfigurationException("Statistics dump " + name + " mixes statistics of server versions "
                    + versions + "; dump one server at a time.");
        }
        return new StatisticsDump(name, calls, versions.isEmpty() ? 0 : versions.iterator().next(),
                header(DUMPED_FROM, text), header(STARTED_ON, text), false);
    }

    /**
     * Says that statistics taken on another major version than the server's are meant: the restore functions read
     * them, but the planner of another major may choose differently with them, so by default they are refused.
     *
     * @return a copy that restores statistics of any version
     */
    public StatisticsDump fromAnotherMajor() {
        return new StatisticsDump(name, calls, sourceVersion, dumpedFrom, startedOn, true);
    }

    /**
     * The same statistics for the tables of another schema, e.g. a test's own schema where production's are in
     * {@code public}; a {@link PlanSweep} does this for each scale's schema by itself.
     *
     * @param schema the schema whose tables the statistics describe
     * @return a copy whose calls name that schema
     */
    public StatisticsDump forSchema(String schema) {
        Objects.requireNonNull(schema, "schema");
        List<Call> moved = new ArrayList<>();
        for (Call call : calls) {
            String sql = SCHEMA_ARGUMENT.matcher(call.sql()).replaceFirst(Matcher.quoteReplacement(
                    "'schemaname', '" + schema.replace("'", "''") + "'"));
            moved.add(new Call(call.function(), sql, schema, call.table(), call.column(), call.line()));
        }
        return new StatisticsDump(name, moved, sourceVersion, dumpedFrom, startedOn, anotherMajorAllowed);
    }

    /** @return the tables the dump has statistics for, schema-qualified, in the dump's order */
    public List<String> tables() {
        return calls.stream().map(Call::qualifiedTable).distinct().toList();
    }

    /** @return the major version the statistics were taken on, e.g. 18; 0 when the dump does not say */
    public int sourceMajor() {
        return sourceVersion / 10_000;
    }

    /** @return one line for verdict facts: the file, the tables, the version and when it was taken */
    public String describe() {
        return name + " (" + tables().size() + (tables().size() == 1 ? " table: " : " tables: ")
                + String.join(", ", tables()) + "; taken on PostgreSQL " + dumpedFrom.orElse(versionText())
                + "; " + startedOn.map(s -> "dumped " + s).orElse("when is not recorded (pg_dump --verbose writes it)")
                + ")";
    }

    private String versionText() {
        return sourceVersion == 0 ? "(version not recorded)" : (sourceVersion / 10_000) + "." + (sourceVersion % 10_000);
    }

    /** pg_dump puts a comment block before each call: the statement proper starts after it. */
    private static int withoutLeadingComments(String sql) {
        int i = 0;
        while (i < sql.length()) {
            if (Character.isWhitespace(sql.charAt(i))) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end + 1;
            } else {
                return i;
            }
        }
        return i;
    }

    private static Optional<String> header(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "StatisticsDump[" + describe() + "]";
    }
}
