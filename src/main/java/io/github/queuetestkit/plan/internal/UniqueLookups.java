package io.github.queuetestkit.plan.internal;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.plan.Plan;
import io.github.queuetestkit.plan.PlanNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Marks the index scans that look up one row per loop at most ({@link PlanNode#UNIQUE_LOOKUP}): a unique index
 * without a {@code WHERE} or expressions, every key column equated in the Index Cond. Before PostgreSQL 18 EXPLAIN
 * prints the rows a looping scan kept as a whole-number average, so {@code rows=1 loops=5} could stand for up to 7
 * rows; a unique lookup cannot have found more than 5, and the rows-examined checks must not fail a dequeue that joins
 * back through its primary key for a rounding that cannot happen. Read from {@code pg_index} with the plans; an index
 * whose name several schemas hold counts only when every one of them is such an index on the same columns.
 */
@API(status = API.Status.INTERNAL, since = "0.2")
public final class UniqueLookups {

    private static final String KEYS = "SELECT c.relname, i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL,"
            + " ARRAY(SELECT a.attname::text FROM unnest(i.indkey[0:i.indnkeyatts - 1]) k"
            + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k ORDER BY 1)"
            + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = ANY (?)";

    private UniqueLookups() {
    }

    /**
     * @param source where the plans were taken
     * @param plans the plans
     * @return the plans, their looping unique index lookups marked
     */
    public static List<Plan> attach(PlanSource source, List<Plan> plans) {
        List<String> indexes = plans.stream().flatMap(Plan::nodes).filter(UniqueLookups::mayLookUpOne)
                .map(PlanNode::indexName).distinct().toList();
        if (indexes.isEmpty()) {
            return plans;
        }
        Map<String, Set<String>> keys = uniqueKeys(source, indexes);
        if (keys.isEmpty()) {
            return plans;
        }
        List<Plan> out = new ArrayList<>();
        for (Plan plan : plans) {
            PlanNode root = marked(plan.root(), keys);
            out.add(root == plan.root() ? plan : new Plan(root, plan.sql(), plan.parameters(), plan.type(),
                    plan.analyzed(), plan.planningTime(), plan.executionTime(), plan.planningBuffers(), plan.json(),
                    plan.driverRowLimit()));
        }
        return out;
    }

    private static boolean mayLookUpOne(PlanNode node) {
        return (node.nodeType().equals("Index Scan") || node.nodeType().equals("Index Only Scan"))
                && node.indexName() != null && node.indexCond() != null && node.actual().isPresent()
                && node.actual().get().loops() > 1;
    }

    /** @return by index name, the key columns of those that are unique (the same in every schema holding the name) */
    private static Map<String, Set<String>> uniqueKeys(PlanSource source, List<String> indexes) {
        Map<String, List<Set<String>>> found = new HashMap<>();
        Set<String> notUnique = new LinkedHashSet<>();
        try {
            source.use(c -> {
                try (PreparedStatement s = c.prepareStatement(KEYS)) {
                    s.setArray(1, c.createArrayOf("text", indexes.toArray()));
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            if (!rs.getBoolean(2)) {
                                notUnique.add(rs.getString(1));
                            }
                            found.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                    .add(new LinkedHashSet<>(List.of((String[]) rs.getArray(3).getArray())));
                        }
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not read from pg_index which indexes of the plan are unique: "
                    + e.getMessage(), e);
        }
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        found.forEach((name, columns) -> {
            if (!notUnique.contains(name) && columns.stream().distinct().count() == 1) {
                keys.put(name, columns.get(0));
            }
        });
        return keys;
    }

    private static PlanNode marked(PlanNode node, Map<String, Set<String>> keys) {
        List<PlanNode> children = new ArrayList<>();
        boolean changed = false;
        for (PlanNode child : node.children()) {
            PlanNode after = marked(child, keys);
            changed |= after != child;
            children.add(after);
        }
        Set<String> key = mayLookUpOne(node) ? keys.get(node.indexName()) : null;
        boolean unique = key != null && equated(node.indexCond()).containsAll(key);
        if (!unique && !changed) {
            return node;
        }
        Map<String, Object> properties = node.properties();
        if (unique) {
            properties = new LinkedHashMap<>(properties);
            properties.put(PlanNode.UNIQUE_LOOKUP, true);
        }
        return new PlanNode(node.nodeType(), node.parentRelationship(), node.subplanName(), node.relationName(),
                node.schema(), node.alias(), node.indexName(), node.joinType(), node.operation(), node.strategy(),
                node.scanDirection(), node.sortKeys(), node.sortMethod(), node.sortSpaceType(), node.sortSpaceUsedKb(),
                node.filter(), node.indexCond(), node.recheckCond(), node.hashCond(), node.mergeCond(),
                node.joinFilter(), node.startupCost(), node.totalCost(), node.estimatedRows(), node.width(),
                node.actual(), node.rowsRemovedByFilter(), node.rowsRemovedByJoinFilter(),
                node.rowsRemovedByIndexRecheck(), node.heapFetches(), node.buffers(), properties, children);
    }

    /**
     * @param indexCond as EXPLAIN prints it: {@code (id = "ANY_subquery".id)}, {@code ((name = $1) AND (id = 5))}
     * @return the index columns it equates with one value each ({@code = ANY (...)} of an array is not one value)
     */
    static Set<String> equated(String indexCond) {
        Set<String> columns = new LinkedHashSet<>();
        for (String conjunct : conjuncts(unwrap(indexCond.strip()))) {
            String c = unwrap(conjunct.strip());
            int eq = c.indexOf(" = ");
            String value = eq <= 0 ? "" : c.substring(eq + 3);
            if (eq <= 0 || value.startsWith("ANY") || value.startsWith("(ANY")) {
                continue;
            }
            String column = c.substring(0, eq).strip();
            if (column.startsWith("\"") && column.endsWith("\"") && column.length() > 1) {
                column = column.substring(1, column.length() - 1).replace("\"\"", "\"");
            } else if (!column.matches("[a-z_][a-z0-9_$]*")) {
                continue;
            }
            columns.add(column);
        }
        return columns;
    }

    /** @return the text without the parentheses around all of it, when there are */
    private static String unwrap(String text) {
        while (text.startsWith("(") && closing(text, 0) == text.length() - 1) {
            text = text.substring(1, text.length() - 1).strip();
        }
        return text;
    }

    private static int closing(String text, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\'' || ch == '"') {
                quoted = !quoted;
            } else if (!quoted && ch == '(') {
                depth++;
            } else if (!quoted && ch == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** @return the parts joined by {@code AND} outside parentheses and quotes */
    private static List<String> conjuncts(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\'' || ch == '"') {
                quoted = !quoted;
            } else if (!quoted && ch == '(') {
                depth++;
            } else if (!quoted && ch == ')') {
                depth--;
            } else if (!quoted && depth == 0 && text.startsWith(" AND ", i)) {
                parts.add(text.substring(start, i));
                start = i + 5;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
