package io.github.queuetestkit.dataset.internal;

import io.github.queuetestkit.dataset.Churn;
import io.github.queuetestkit.dataset.ColumnSpec;
import io.github.queuetestkit.dataset.DatasetDefinitionException;
import io.github.queuetestkit.dataset.DatasetSpec;
import io.github.queuetestkit.dataset.Generator;
import io.github.queuetestkit.dataset.TableSpec;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Parses a YAML dataset definition through SnakeYAML's node API, so every error names file:line:column.
 * Everything that can be checked without a database is checked here: generators, options, references to
 * earlier columns and parent tables, scale expressions, DataFaker expressions.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class DefinitionParser {

    /** The reference instant of relative timestamps when a definition names none. */
    public static final Instant DEFAULT_REFERENCE = Instant.parse("2025-01-01T00:00:00Z");

    private static final Pattern DURATION = Pattern.compile("([+-]?)(\\d+)(d|h|m|s)");
    private static final Map<String, Set<String>> OPTIONS = Map.ofEntries(
            Map.entry("sequence", Set.of("start")),
            Map.entry("uniform", Set.of("min", "max")),
            Map.entry("decimal", Set.of("min", "max", "scale")),
            Map.entry("zipf", Set.of("n", "s")),
            Map.entry("choice", Set.of("values", "weights")),
            Map.entry("normal", Set.of("mean", "stddev")),
            Map.entry("lognormal", Set.of("mu", "sigma")),
            Map.entry("timestamp", Set.of("from", "to", "reference", "increasing")),
            Map.entry("after", Set.of("column", "seconds")),
            Map.entry("text", Set.of("min_length", "max_length", "length")),
            Map.entry("json", Set.of("fields")),
            Map.entry("foreign_key", Set.of("table", "s")),
            Map.entry("faker", Set.of("expression", "pool", "unique")));
    private static final Set<String> COLUMN_OPTIONS = Set.of("generator", "null_rate", "when");

    private final DefinitionSource source;
    private final Instant reference;

    private DefinitionParser(DefinitionSource source, Instant reference) {
        this.source = source;
        this.reference = reference;
    }

    /**
     * @param source the definition
     * @return the dataset, at scale 1000 and seed 42 until told otherwise
     * @throws DatasetDefinitionException naming file:line:column and what was expected
     */
    public static DatasetSpec parse(DefinitionSource source) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(source.text()));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? source.label() : source.label() + ":" + (mark.getLine() + 1) + ":"
                    + (mark.getColumn() + 1);
            throw new DatasetDefinitionException(where + ": YAML syntax error: " + e.getProblem()
                    + ". Expected a YAML mapping with ddl, tables and indexes.", e);
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new DatasetDefinitionException(source.label() + ":1:1: expected a mapping with ddl, tables and"
                    + " indexes" + (root == null ? ", found an empty file." : "."));
        }
        Map<String, NodeTuple> top = entries(source, mapping, Set.of("name", "ddl", "ddl_file", "reference", "tables",
                "indexes", "churn"), "at the top level");
        DefinitionParser parser = new DefinitionParser(source, top.containsKey("reference")
                ? instant(source, top.get("reference").getValueNode()) : DEFAULT_REFERENCE);
        return parser.dataset(top, mapping);
    }

    private DatasetSpec dataset(Map<String, NodeTuple> top, MappingNode root) {
        String ddl;
        if (top.containsKey("ddl") == top.containsKey("ddl_file")) {
            throw fail(root, "expected exactly one of 'ddl' (inline SQL) or 'ddl_file' (a file next to the definition)");
        }
        if (top.containsKey("ddl")) {
            ddl = scalar(top.get("ddl").getValueNode(), "the DDL as SQL text");
        } else {
            Node file = top.get("ddl_file").getValueNode();
            ddl = source.readSibling(scalar(file, "a file name"), at(file));
        }
        String name = top.containsKey("name") ? scalar(top.get("name").getValueNode(), "a name") : source.label();
        if (!top.containsKey("tables")) {
            throw fail(root, "expected 'tables', a mapping of table name to rows and columns");
        }
        DatasetSpec spec = DatasetSpec.ofDdl(name, ddl);
        Node tablesNode = top.get("tables").getValueNode();
        if (!(tablesNode instanceof MappingNode tables)) {
            throw fail(tablesNode, "expected a mapping of table name to rows and columns");
        }
        Map<String, Long> known = new LinkedHashMap<>();
        for (NodeTuple tuple : tables.getValue()) {
            String table = scalar(tuple.getKeyNode(), "a table name");
            TableSpec parsed = table(table, tuple.getKeyNode(), tuple.getValueNode(), known);
            known.put(table, 0L);
            spec = spec.withTable(parsed);
        }
        if (top.containsKey("indexes")) {
            Node indexes = top.get("indexes").getValueNode();
            if (!(indexes instanceof SequenceNode list)) {
                throw fail(indexes, "expected a list of CREATE INDEX statements");
            }
            for (Node index : list.getValue()) {
                spec = spec.withIndex(scalar(index, "a CREATE INDEX statement"));
            }
        }
        if (top.containsKey("churn")) {
            for (Churn churn : ChurnParser.parse(this::at, top.get("churn").getValueNode(), known.keySet())) {
                spec = spec.withChurn(churn);
            }
        }
        return new DatasetSpec(spec.name(), spec.ddl(), spec.tables(), spec.indexes(), spec.scale(), spec.seed(),
                spec.createIndexes(), spec.threads(), source.label() + "\u0000" + source.text() + "\u0000" + ddl,
                spec.churn());
    }

    private TableSpec table(String name, Node keyNode, Node node, Map<String, Long> earlierTables) {
        if (!(node instanceof MappingNode mapping)) {
            throw fail(node, "expected a mapping with 'rows' and 'columns' for table " + name);
        }
        Map<String, NodeTuple> entries = entries(source, mapping, Set.of("rows", "columns"), "in table " + name);
        if (!entries.containsKey("rows") || !entries.containsKey("columns")) {
            throw fail(keyNode, "expected 'rows' and 'columns' in table " + name);
        }
        Node rows = entries.get("rows").getValueNode();
        String expression = scalar(rows, "a row count: a number or an expression of scale");
        ScalarNode rowsScalar = (ScalarNode) rows;
        int quote = rowsScalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN ? 0 : 1;
        ScaleExpression.parse(expression, source.label(), rows.getStartMark().getLine() + 1,
                rows.getStartMark().getColumn() + 1 + quote);
        Node columnsNode = entries.get("columns").getValueNode();
        if (!(columnsNode instanceof MappingNode columns)) {
            throw fail(columnsNode, "expected a mapping of column name to generator");
        }
        List<String> earlierColumns = new ArrayList<>();
        List<ColumnSpec> parsed = new ArrayList<>();
        for (NodeTuple tuple : columns.getValue()) {
            String column = scalar(tuple.getKeyNode(), "a column name");
            parsed.add(column(column, tuple.getKeyNode(), tuple.getValueNode(), earlierColumns, earlierTables, name));
            earlierColumns.add(column);
        }
        return new TableSpec(name, expression, parsed, at(keyNode));
    }

    private ColumnSpec column(String name, Node keyNode, Node node, List<String> earlier, Map<String, Long> tables,
            String table) {
        Generator generator;
        double nullRate = 0;
        String whenColumn = null;
        List<String> whenValues = List.of();
        if (node instanceof ScalarNode) {
            generator = generator(scalar(node, "a generator"), node, Map.of(), earlier, tables);
        } else if (node instanceof MappingNode mapping) {
            Map<String, NodeTuple> options = new LinkedHashMap<>();
            String kind = null;
            Node kindNode = null;
            for (NodeTuple tuple : mapping.getValue()) {
                String key = scalar(tuple.getKeyNode(), "an option");
                if (key.equals("generator")) {
                    kind = scalar(tuple.getValueNode(), "a generator name");
                    kindNode = tuple.getValueNode();
                } else if (key.equals("null_rate")) {
                    nullRate = number(tuple.getValueNode(), "a null rate between 0 and 1");
                    if (nullRate < 0 || nullRate > 1) {
                        throw fail(tuple.getValueNode(), "expected a null rate between 0 and 1, found " + nullRate);
                    }
                } else if (key.equals("when")) {
                    Node when = tuple.getValueNode();
                    Map<String, NodeTuple> condition = when instanceof MappingNode m
                            ? entries(source, m, Set.of("column", "in"), "in 'when'") : Map.of();
                    if (!condition.containsKey("column")) {
                        throw fail(when, "expected 'when: {column: <earlier column>, in: [values]}' (without 'in':"
                                + " set when that column is not null)");
                    }
                    Node columnNode = condition.get("column").getValueNode();
                    whenColumn = scalar(columnNode, "an earlier column");
                    requireEarlier(whenColumn, columnNode, earlier, table);
                    whenValues = condition.containsKey("in") ? strings(condition.get("in").getValueNode()) : List.of();
                } else {
                    options.put(key, tuple);
                }
            }
            if (kind == null) {
                throw fail(node, "expected 'generator: <name>' for column " + name + "; generators: "
                        + new java.util.TreeSet<>(OPTIONS.keySet()));
            }
            generator = generator(kind, kindNode, options, earlier, tables);
        } else {
            throw fail(node, "expected a generator name or a mapping with 'generator' for column " + name);
        }
        return new ColumnSpec(name, generator, nullRate, whenColumn, whenValues, at(keyNode));
    }

    private Generator generator(String kind, Node kindNode, Map<String, NodeTuple> options, List<String> earlier,
            Map<String, Long> tables) {
        Set<String> allowed = OPTIONS.get(kind);
        if (allowed == null) {
            throw fail(kindNode, "unknown generator '" + kind + "'; expected one of "
                    + new java.util.TreeSet<>(OPTIONS.keySet()));
        }
        for (Map.Entry<String, NodeTuple> option : options.entrySet()) {
            if (!allowed.contains(option.getKey()) && !COLUMN_OPTIONS.contains(option.getKey())) {
                throw fail(option.getValue().getKeyNode(), "unknown option '" + option.getKey() + "' for generator "
                        + kind + "; expected one of " + new java.util.TreeSet<>(allowed)
                        + " or null_rate, when");
            }
        }
        try {
            return switch (kind) {
                case "sequence" -> new Generator.Sequence(optionalLong(options, "start", 1));
                case "uniform" -> Generator.uniform(requiredLong(options, "min", kindNode),
                        requiredLong(options, "max", kindNode));
                case "decimal" -> Generator.uniformDecimal(requiredNumber(options, "min", kindNode),
                        requiredNumber(options, "max", kindNode), (int) optionalLong(options, "scale", 2));
                case "zipf" -> Generator.zipf(requiredLong(options, "n", kindNode),
                        options.containsKey("s") ? requiredNumber(options, "s", kindNode) : 1.0);
                case "choice" -> choice(options, kindNode);
                case "normal" -> Generator.normal(requiredNumber(options, "mean", kindNode),
                        requiredNumber(options, "stddev", kindNode));
                case "lognormal" -> Generator.logNormal(requiredNumber(options, "mu", kindNode),
                        requiredNumber(options, "sigma", kindNode));
                case "timestamp" -> timestamp(options, kindNode);
                case "after" -> after(options, kindNode, earlier, tables);
                case "text" -> text(options, kindNode, earlier, tables);
                case "json" -> json(options, kindNode, earlier, tables);
                case "foreign_key" -> foreignKey(options, kindNode, tables);
                case "faker" -> faker(options, kindNode);
                default -> throw new IllegalStateException(kind);
            };
        } catch (IllegalArgumentException e) {
            throw fail(kindNode, e.getMessage());
        }
    }

    private Generator choice(Map<String, NodeTuple> options, Node kindNode) {
        if (!options.containsKey("values")) {
            throw fail(kindNode, "expected 'values' for generator choice: a list, or a mapping of value to weight");
        }
        Node values = options.get("values").getValueNode();
        List<String> list = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        if (values instanceof MappingNode weighted) {
            for (NodeTuple tuple : weighted.getValue()) {
                list.add(scalar(tuple.getKeyNode(), "a value"));
                weights.add(number(tuple.getValueNode(), "a weight"));
            }
        } else {
            list = strings(values);
            if (options.containsKey("weights")) {
                Node weightNode = options.get("weights").getValueNode();
                for (String weight : strings(weightNode)) {
                    try {
                        weights.add(Double.parseDouble(weight));
                    } catch (NumberFormatException e) {
                        throw fail(weightNode, "expected numeric weights, found '" + weight + "'");
                    }
                }
                if (weights.size() != list.size()) {
                    throw fail(weightNode, "expected " + list.size() + " weights, one per value, found "
                            + weights.size());
                }
            } else {
                list.forEach(v -> weights.add(1.0));
            }
        }
        return Generator.choice(list, weights);
    }

    private Generator timestamp(Map<String, NodeTuple> options, Node kindNode) {
        Instant base = options.containsKey("reference") ? instant(source, options.get("reference").getValueNode())
                : reference;
        if (!options.containsKey("from") || !options.containsKey("to")) {
            throw fail(kindNode, "expected 'from' and 'to' for generator timestamp: instants such as"
                    + " 2024-01-01T00:00:00Z or offsets from the reference such as -30d, -2h, 15m");
        }
        Instant from = instantOrOffset(options.get("from").getValueNode(), base);
        Instant to = instantOrOffset(options.get("to").getValueNode(), base);
        if (!to.isAfter(from)) {
            throw fail(options.get("to").getValueNode(), "expected 'to' after 'from' (" + from + ")");
        }
        boolean increasing = options.containsKey("increasing") && bool(options.get("increasing").getValueNode());
        return new Generator.Timestamp(from, to, increasing);
    }

    private Generator after(Map<String, NodeTuple> options, Node kindNode, List<String> earlier,
            Map<String, Long> tables) {
        if (!options.containsKey("column") || !options.containsKey("seconds")) {
            throw fail(kindNode, "expected 'column' (an earlier timestamp column) and 'seconds' (a number or a"
                    + " generator) for generator after");
        }
        Node column = options.get("column").getValueNode();
        String name = scalar(column, "an earlier column");
        requireEarlier(name, column, earlier, "this table");
        return Generator.after(name, nested(options.get("seconds").getValueNode(), earlier, tables));
    }

    private Generator text(Map<String, NodeTuple> options, Node kindNode, List<String> earlier,
            Map<String, Long> tables) {
        if (options.containsKey("length")) {
            return new Generator.Text(nested(options.get("length").getValueNode(), earlier, tables));
        }
        return Generator.text((int) optionalLong(options, "min_length", 8), (int) optionalLong(options, "max_length", 32));
    }

    private Generator json(Map<String, NodeTuple> options, Node kindNode, List<String> earlier,
            Map<String, Long> tables) {
        Node fieldsNode = options.containsKey("fields") ? options.get("fields").getValueNode() : null;
        if (!(fieldsNode instanceof MappingNode fields)) {
            throw fail(fieldsNode == null ? kindNode : fieldsNode,
                    "expected 'fields', a mapping of JSON field name to generator");
        }
        Map<String, Generator> parsed = new LinkedHashMap<>();
        for (NodeTuple tuple : fields.getValue()) {
            parsed.put(scalar(tuple.getKeyNode(), "a field name"), nested(tuple.getValueNode(), earlier, tables));
        }
        return Generator.json(parsed);
    }

    private Generator foreignKey(Map<String, NodeTuple> options, Node kindNode, Map<String, Long> tables) {
        if (!options.containsKey("table")) {
            throw fail(kindNode, "expected 'table' for generator foreign_key: a table listed before this one");
        }
        Node tableNode = options.get("table").getValueNode();
        String parent = scalar(tableNode, "a table");
        if (!tables.containsKey(parent)) {
            throw fail(tableNode, "foreign key to table '" + parent + "', which is not a table listed before this"
                    + " one; expected one of " + tables.keySet());
        }
        return Generator.foreignKey(parent, options.containsKey("s") ? requiredNumber(options, "s", kindNode) : 0);
    }

    private Generator faker(Map<String, NodeTuple> options, Node kindNode) {
        if (!options.containsKey("expression")) {
            throw fail(kindNode, "expected 'expression' for generator faker, e.g. '#{Internet.emailAddress}'");
        }
        Node expressionNode = options.get("expression").getValueNode();
        String expression = scalar(expressionNode, "a DataFaker expression");
        FakerPool.check(expression, at(expressionNode) + ": ");
        Generator.Faker faker = new Generator.Faker(expression, (int) optionalLong(options, "pool", 1000), false);
        return options.containsKey("unique") && bool(options.get("unique").getValueNode()) ? faker.withUnique() : faker;
    }

    // A nested generator: a number is a constant, a mapping a generator with 'generator'.
    private Generator nested(Node node, List<String> earlier, Map<String, Long> tables) {
        if (node instanceof ScalarNode scalar) {
            try {
                double value = Double.parseDouble(scalar.getValue());
                return value == Math.rint(value) ? Generator.uniform((long) value, (long) value)
                        : Generator.uniformDecimal(value, value, 6);
            } catch (NumberFormatException e) {
                return generator(scalar.getValue(), node, Map.of(), earlier, tables);
            }
        }
        if (node instanceof MappingNode mapping) {
            Map<String, NodeTuple> options = new LinkedHashMap<>();
            Node kindNode = null;
            String kind = null;
            for (NodeTuple tuple : mapping.getValue()) {
                String key = scalar(tuple.getKeyNode(), "an option");
                if (key.equals("generator")) {
                    kind = scalar(tuple.getValueNode(), "a generator name");
                    kindNode = tuple.getValueNode();
                } else {
                    options.put(key, tuple);
                }
            }
            if (kind == null) {
                throw fail(node, "expected 'generator: <name>'");
            }
            return generator(kind, kindNode, options, earlier, tables);
        }
        throw fail(node, "expected a number or a mapping with 'generator'");
    }

    private void requireEarlier(String column, Node node, List<String> earlier, String table) {
        if (!earlier.contains(column)) {
            throw fail(node, "column '" + column + "' is not an earlier column of " + table + "; expected one of "
                    + earlier + " (list the columns it depends on first)");
        }
    }

    private Instant instantOrOffset(Node node, Instant base) {
        String text = scalar(node, "an instant or an offset");
        Matcher offset = DURATION.matcher(text.trim());
        if (offset.matches()) {
            long amount = Long.parseLong(offset.group(2)) * (offset.group(1).equals("-") ? -1 : 1);
            Duration duration = switch (offset.group(3)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            };
            return base.plus(duration);
        }
        return instant(source, node);
    }

    private static Instant instant(DefinitionSource source, Node node) {
        String text = node instanceof ScalarNode s ? s.getValue() : "";
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new DatasetDefinitionException(at(source, node) + ": expected an instant such as"
                    + " 2025-01-01T00:00:00Z or an offset such as -30d, -2h, 15m, 10s; found '" + text + "'", e);
        }
    }

    private long optionalLong(Map<String, NodeTuple> options, String key, long fallback) {
        return options.containsKey(key) ? (long) number(options.get(key).getValueNode(), "a whole number for " + key)
                : fallback;
    }

    private long requiredLong(Map<String, NodeTuple> options, String key, Node kindNode) {
        return (long) requiredNumber(options, key, kindNode);
    }

    private double requiredNumber(Map<String, NodeTuple> options, String key, Node kindNode) {
        if (!options.containsKey(key)) {
            throw fail(kindNode, "expected option '" + key + "' for this generator");
        }
        return number(options.get(key).getValueNode(), "a number for " + key);
    }

    private double number(Node node, String expected) {
        String text = scalar(node, expected);
        try {
            return Double.parseDouble(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw fail(node, "expected " + expected + ", found '" + text + "'");
        }
    }

    private boolean bool(Node node) {
        String text = scalar(node, "true or false");
        if (!text.equals("true") && !text.equals("false")) {
            throw fail(node, "expected true or false, found '" + text + "'");
        }
        return text.equals("true");
    }

    private List<String> strings(Node node) {
        if (!(node instanceof SequenceNode list)) {
            throw fail(node, "expected a list such as [a, b, c]");
        }
        List<String> values = new ArrayList<>();
        for (Node item : list.getValue()) {
            values.add(scalar(item, "a value"));
        }
        return values;
    }

    private String scalar(Node node, String expected) {
        if (!(node instanceof ScalarNode scalar)) {
            throw fail(node, "expected " + expected + ", found a " + (node instanceof MappingNode ? "mapping" : "list"));
        }
        return scalar.getValue();
    }

    private static Map<String, NodeTuple> entries(DefinitionSource source, MappingNode mapping, Set<String> allowed,
            String where) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            String name = key instanceof ScalarNode s ? s.getValue() : "";
            if (!allowed.contains(name)) {
                throw new DatasetDefinitionException(at(source, key) + ": unknown key '" + name + "' " + where
                        + "; expected one of " + new java.util.TreeSet<>(allowed));
            }
            entries.put(name, tuple);
        }
        return entries;
    }

    private String at(Node node) {
        return at(source, node);
    }

    private static String at(DefinitionSource source, Node node) {
        Mark mark = node.getStartMark();
        return source.label() + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    private DatasetDefinitionException fail(Node node, String message) {
        return new DatasetDefinitionException(at(node) + ": " + message + ".");
    }
}
