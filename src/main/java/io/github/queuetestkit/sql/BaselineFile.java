package io.github.queuetestkit.sql;

import io.github.queuetestkit.plan.FactsComparison;
import io.github.queuetestkit.plan.PlanFacts;
import io.github.queuetestkit.plan.PlanType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A plan baseline file: the PostgreSQL major it was recorded on and the facts of each statement's plans, sorted by
 * normalized SQL then plan type, one block per plan. Plain text with no timestamp or path, so the same plans always
 * give the same bytes and a code review shows a plan change as a diff of a few lines.
 *
 * @param major the major the baselines were recorded on; empty for a file that does not exist yet
 * @param entries the facts by statement and plan type, sorted
 */
record BaselineFile(OptionalInt major, Map<Key, PlanFacts> entries) {

    private static final String HEADER = "# queue-testkit plan baseline: the plan facts of each statement, sorted by"
            + " SQL. Costs and times are not kept.\n# Rewrite it with -Dqueuetestkit.baselines=update and review the"
            + " diff like code.\n";
    private static final String FIX = "Correct that line, or delete the file and record it again with"
            + " -D" + BaselineMode.SETTING + "=update.";

    /**
     * A statement and which of its plans.
     *
     * @param sql the normalized SQL
     * @param type custom or generic
     */
    record Key(String sql, PlanType type) implements Comparable<Key> {

        private static final Comparator<Key> ORDER = Comparator.comparing(Key::sql).thenComparing(Key::type);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    BaselineFile {
        entries = new TreeMap<>(entries);
    }

    /**
     * @param file the file; one that does not exist reads as empty
     * @return what it holds
     * @throws BaselineFileException when it does not parse (naming the file and line) or cannot be read
     */
    static BaselineFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new BaselineFile(OptionalInt.empty(), Map.of());
        } catch (IOException e) {
            throw new BaselineFileException("Could not read the plan baseline " + file + ": " + e.getMessage()
                    + ". Check that the file is readable.", e);
        }
        return parse(text, file.toString());
    }

    /**
     * @param text the file's content
     * @param name the file, as messages name it
     * @return what it holds
     */
    static BaselineFile parse(String text, String name) {
        return new Parser(name, text.replace("\r\n", "\n").split("\n", -1)).parse();
    }

    /** @return the file's content */
    String render() {
        StringBuilder out = new StringBuilder(HEADER);
        out.append("postgres: ").append(major.isPresent() ? major.getAsInt() : 0).append('\n');
        entries.forEach((key, facts) -> {
            out.append("\nstatement: ").append(key.sql()).append('\n');
            out.append("plan: ").append(key.type().label()).append('\n');
            out.append(FactsComparison.SHAPE).append(":\n");
            facts.shape().forEach(line -> out.append("  ").append(line).append('\n'));
            out.append(FactsComparison.SEQ_SCANS).append(": ").append(list(facts.seqScansOnLargeTables()))
                    .append('\n');
            out.append(FactsComparison.SORTS).append(':');
            if (facts.sorts().isEmpty()) {
                out.append(" none\n");
            } else {
                out.append('\n');
                facts.sorts().forEach(sort -> out.append("  ").append(sort).append('\n'));
            }
            out.append(FactsComparison.ROWS_EXAMINED).append(": ").append(facts.rowsExamined()).append('\n');
            out.append(FactsComparison.ROWS_RETURNED).append(": ").append(facts.rowsReturned()).append('\n');
            out.append(FactsComparison.BUFFERS).append(": ").append(facts.sharedBuffers()).append('\n');
            // only plans with an index-only scan can fetch from the heap: other blocks stay as they were
            if (keepsHeapFetches(facts)) {
                out.append(FactsComparison.HEAP_FETCHES).append(": ").append(facts.heapFetches()).append('\n');
            }
        });
        return out.toString();
    }

    /**
     * Writes the file, creating its directories.
     *
     * @param file where
     */
    void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, render(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BaselineFileException("Could not write the plan baseline " + file + ": " + e.getMessage()
                    + ". Check that its directory is writable, or point " + BaselineMode.DIR_SETTING
                    + " at one that is.", e);
        }
    }

    /** @return whether a block of these facts has a heap fetches line */
    static boolean keepsHeapFetches(PlanFacts facts) {
        return facts.hasIndexOnlyScan() || facts.heapFetches() != 0;
    }

    static String list(List<String> values) {
        return values.isEmpty() ? "none" : String.join(", ", values);
    }

    /** Reads a file line by line; every error names the file and the line. */
    private static final class Parser {

        private static final List<String> FIELDS = List.of("statement", "plan", FactsComparison.SHAPE,
                FactsComparison.SEQ_SCANS, FactsComparison.SORTS, FactsComparison.ROWS_EXAMINED,
                FactsComparison.ROWS_RETURNED, FactsComparison.BUFFERS, FactsComparison.HEAP_FETCHES);

        /** Fields a block may leave out: heap fetches, absent from plans without an index-only scan and old files. */
        private static final List<String> OPTIONAL = List.of(FactsComparison.HEAP_FETCHES);

        private final String name;
        private final String[] lines;
        private int index;

        Parser(String name, String[] lines) {
            this.name = name;
            this.lines = lines;
        }

        BaselineFile parse() {
            OptionalInt major = OptionalInt.empty();
            Map<Key, PlanFacts> entries = new TreeMap<>();
            Map<String, Object> block = null;
            int blockLine = 0;
            for (index = 0; index < lines.length; index++) {
                String line = lines[index];
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith(" ")) {
                    throw error("an indented line outside shape or sorts: '" + line.strip() + "'");
                }
                int colon = line.indexOf(':');
                if (colon < 0) {
                    throw error("'" + line + "' is not 'name: value'");
                }
                String field = line.substring(0, colon);
                String value = line.substring(colon + 1).strip();
                if (field.equals("postgres")) {
                    if (major.isPresent() || block != null) {
                        throw error("'postgres:' must come once, before the first statement");
                    }
                    major = OptionalInt.of((int) number(value));
                    continue;
                }
                if (major.isEmpty()) {
                    throw error("the file must start with 'postgres: <major>', the major it was recorded on");
                }
                if (field.equals("statement")) {
                    if (block != null) {
                        add(entries, block, blockLine);
                    }
                    block = new LinkedHashMap<>();
                    blockLine = index + 1;
                } else if (block == null) {
                    throw error("'" + field + ":' before the first 'statement:'");
                }
                if (!FIELDS.contains(field)) {
                    throw error("unknown field '" + field + "'; a block has " + String.join(", ", FIELDS));
                }
                if (block.containsKey(field)) {
                    throw error("'" + field + ":' twice in one block");
                }
                block.put(field, switch (field) {
                    case "plan" -> planType(value);
                    case "shape" -> indented(value, false);
                    case "sorts" -> value.equals("none") ? List.of() : indented(value, true);
                    case "seq scans on large tables" -> value.equals("none") ? List.of() : List.of(value.split(", "));
                    case "rows examined", "rows returned", "shared buffers", "heap fetches" -> number(value);
                    default -> value;
                });
            }
            if (block != null) {
                add(entries, block, blockLine);
            }
            if (major.isEmpty()) {
                throw new BaselineFileException("Plan baseline " + name + " has no 'postgres: <major>' line. " + FIX);
            }
            return new BaselineFile(major, entries);
        }

        @SuppressWarnings("unchecked")
        private void add(Map<Key, PlanFacts> entries, Map<String, Object> block, int line) {
            for (String field : FIELDS) {
                if (!block.containsKey(field) && !OPTIONAL.contains(field)) {
                    throw new BaselineFileException("Plan baseline " + name + ":" + line + ": the block has no '"
                            + field + ":' line. " + FIX);
                }
            }
            Key key = new Key((String) block.get("statement"), (PlanType) block.get("plan"));
            PlanFacts facts = new PlanFacts(key.type(), (List<String>) block.get(FactsComparison.SHAPE),
                    (List<String>) block.get(FactsComparison.SEQ_SCANS),
                    (List<String>) block.get(FactsComparison.SORTS),
                    (Long) block.get(FactsComparison.ROWS_EXAMINED), (Long) block.get(FactsComparison.ROWS_RETURNED),
                    (Long) block.get(FactsComparison.BUFFERS),
                    (Long) block.getOrDefault(FactsComparison.HEAP_FETCHES, 0L));
            if (entries.put(key, facts) != null) {
                throw new BaselineFileException("Plan baseline " + name + ":" + line + ": the " + key.type().label()
                        + " plan of this statement is already in the file. " + FIX);
            }
        }

        private List<String> indented(String value, boolean allowNone) {
            if (!value.isEmpty()) {
                throw error("expected the value on the indented lines below, not after the colon");
            }
            List<String> out = new ArrayList<>();
            while (index + 1 < lines.length && lines[index + 1].startsWith("  ")) {
                index++;
                out.add(lines[index].substring(2));
            }
            if (out.isEmpty()) {
                throw error(allowNone ? "expected 'none' or indented lines below" : "expected indented lines below");
            }
            return out;
        }

        private PlanType planType(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "custom" -> PlanType.CUSTOM;
                case "generic" -> PlanType.GENERIC;
                default -> throw error("plan is '" + value + "', but it takes custom or generic");
            };
        }

        private long number(String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw error("'" + value + "' is not a whole number");
            }
        }

        private BaselineFileException error(String what) {
            return new BaselineFileException("Plan baseline " + name + ":" + (index + 1) + ": " + what + ". " + FIX);
        }
    }
}
