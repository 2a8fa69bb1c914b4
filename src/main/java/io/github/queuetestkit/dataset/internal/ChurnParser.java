package io.github.queuetestkit.dataset.internal;

import io.github.queuetestkit.dataset.Churn;
import io.github.queuetestkit.dataset.DatasetDefinitionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The {@code churn} key of a definition: a mapping of table name to
 * {@code {column, to, updates, deletes, finished}}, every error with file:line:column.
 */
final class ChurnParser {

    private static final Set<String> KEYS = Set.of("column", "to", "updates", "deletes", "finished");
    private static final String EXAMPLE = "e.g. 'jobs: {column: state, to: done, updates: 0.3, deletes: 0.5,"
            + " finished: [done, failed]}'";

    private final Function<Node, String> at;

    private ChurnParser(Function<Node, String> at) {
        this.at = at;
    }

    /**
     * @param at file:line:column of a node
     * @param node the value of {@code churn}
     * @param tables the dataset's tables
     * @return the churn per table, in the order written
     */
    static List<Churn> parse(Function<Node, String> at, Node node, Set<String> tables) {
        return new ChurnParser(at).all(node, tables);
    }

    private List<Churn> all(Node node, Set<String> tables) {
        if (!(node instanceof MappingNode mapping)) {
            throw fail(node, "expected a mapping of table name to churn options, " + EXAMPLE);
        }
        List<Churn> churn = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            String table = key instanceof ScalarNode s ? s.getValue() : "";
            if (!tables.contains(table)) {
                throw fail(key, "churn on table '" + table + "', which is not a table of this dataset; expected one"
                        + " of " + tables);
            }
            churn.add(one(table, key, tuple.getValueNode()));
        }
        return churn;
    }

    private Churn one(String table, Node key, Node node) {
        if (!(node instanceof MappingNode mapping)) {
            throw fail(node, "expected churn options for table " + table + ", " + EXAMPLE);
        }
        Map<String, Node> options = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node optionKey = tuple.getKeyNode();
            String name = optionKey instanceof ScalarNode s ? s.getValue() : "";
            if (!KEYS.contains(name)) {
                throw fail(optionKey, "unknown churn option '" + name + "'; expected one of " + new TreeSet<>(KEYS));
            }
            options.put(name, tuple.getValueNode());
        }
        if (!options.containsKey("column") || !options.containsKey("to")) {
            throw fail(key, "expected 'column' (the state column) and 'to' (the state updated rows get) in the churn"
                    + " of table " + table + ", " + EXAMPLE);
        }
        String to = scalar(options.get("to"), "the state updated rows get");
        Churn churn = Churn.of(table, scalar(options.get("column"), "a column name"), to).withOrigin(at.apply(key));
        if (options.containsKey("updates")) {
            churn = churn.withUpdates(fraction(options.get("updates"), "updates"));
        }
        if (options.containsKey("deletes")) {
            churn = churn.withDeletes(fraction(options.get("deletes"), "deletes"));
        }
        if (options.containsKey("finished")) {
            Node list = options.get("finished");
            if (!(list instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
                throw fail(list, "expected 'finished' to be a non-empty list of states, such as [done, failed]");
            }
            List<String> states = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                states.add(scalar(item, "a state"));
            }
            churn = churn.withFinished(states.toArray(new String[0]));
        }
        return churn;
    }

    private double fraction(Node node, String name) {
        String text = scalar(node, "a fraction between 0 and 1 for " + name);
        double value;
        try {
            value = Double.parseDouble(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw fail(node, "expected '" + name + "' to be a fraction between 0 and 1 (e.g. 0.3), found '" + text + "'");
        }
        if (!(value >= 0 && value <= 1)) {
            throw fail(node, "expected '" + name + "' to be a fraction between 0 and 1 (e.g. 0.3), found " + text);
        }
        return value;
    }

    private String scalar(Node node, String expected) {
        if (!(node instanceof ScalarNode scalar)) {
            throw fail(node, "expected " + expected + ", found a " + (node instanceof MappingNode ? "mapping" : "list"));
        }
        return scalar.getValue();
    }

    private DatasetDefinitionException fail(Node node, String message) {
        return new DatasetDefinitionException(at.apply(node) + ": " + message + ".");
    }
}
