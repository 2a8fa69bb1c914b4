package io.github.queuetestkit.plan.internal;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.plan.Explain;
import io.github.queuetestkit.plan.Plan;
import io.github.queuetestkit.plan.PlanNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Gives plan nodes the schema of their table when the name alone could mean two tables. EXPLAIN names a table
 * without its schema unless VERBOSE, and VERBOSE also qualifies every condition, which would change how plans print.
 * So when a table name in a plan exists in more than one schema of the database, the statement is planned once more
 * with VERBOSE, without executing it, in the same settings, and each node takes the schema of its twin in that plan
 * (the plans are the same tree: same statement, statistics and settings), kept as {@link PlanNode#RESOLVED_SCHEMA}
 * so the plan still prints as it was taken. Otherwise nothing is planned again.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class PlanSchemas {

    private PlanSchemas() {
    }

    /**
     * @param source where the plans were taken
     * @param request what they were taken for
     * @param plans the plans, one per requested type
     * @return the plans, their nodes carrying schemas when a table name is ambiguous
     */
    public static List<Plan> attach(PlanSource source, Explain request, List<Plan> plans) {
        List<String> names = plans.stream().flatMap(Plan::nodes).filter(n -> n.tableSchema() == null)
                .map(PlanNode::relationName).filter(n -> n != null).distinct().toList();
        if (names.isEmpty() || !ambiguous(source, names)) {
            return plans;
        }
        List<Plan> verbose = ExplainRunner.explainVerboseWithoutExecuting(source, request);
        List<Plan> out = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            Plan plan = plans.get(i);
            List<PlanNode> twins = verbose.get(i).nodes().toList();
            List<PlanNode> nodes = plan.nodes().toList();
            if (!sameTree(nodes, twins)) {
                out.add(plan);
                continue;
            }
            PlanNode root = withSchemas(plan.root(), twins.iterator());
            out.add(new Plan(root, plan.sql(), plan.parameters(), plan.type(), plan.analyzed(), plan.planningTime(),
                    plan.executionTime(), plan.planningBuffers(), plan.json(), plan.driverRowLimit()));
        }
        return out;
    }

    private static boolean ambiguous(PlanSource source, List<String> names) {
        try {
            return source.use(c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_class WHERE relname = ANY(?)"
                        + " AND relkind IN ('r', 'p', 'm', 'f') GROUP BY relname HAVING count(*) > 1 LIMIT 1")) {
                    s.setArray(1, c.createArrayOf("text", names.toArray()));
                    try (ResultSet rs = s.executeQuery()) {
                        return rs.next();
                    }
                }
            });
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not tell whether a table name in the plan exists in more than one"
                    + " schema: " + e.getMessage(), e);
        }
    }

    private static boolean sameTree(List<PlanNode> nodes, List<PlanNode> twins) {
        if (nodes.size() != twins.size()) {
            return false;
        }
        for (int i = 0; i < nodes.size(); i++) {
            PlanNode a = nodes.get(i);
            PlanNode b = twins.get(i);
            if (!a.nodeType().equals(b.nodeType()) || !java.util.Objects.equals(a.relationName(), b.relationName())) {
                return false;
            }
        }
        return true;
    }

    /** Rebuilds the tree depth first, root first, as {@link PlanNode#stream()} walks it. */
    private static PlanNode withSchemas(PlanNode node, Iterator<PlanNode> twins) {
        PlanNode twin = twins.next();
        List<PlanNode> children = new ArrayList<>();
        for (PlanNode child : node.children()) {
            children.add(withSchemas(child, twins));
        }
        Map<String, Object> properties = node.properties();
        if (node.schema() == null && twin.schema() != null) {
            properties = new LinkedHashMap<>(properties);
            properties.put(PlanNode.RESOLVED_SCHEMA, twin.schema());
        }
        return new PlanNode(node.nodeType(), node.parentRelationship(), node.subplanName(), node.relationName(),
                node.schema(),
                node.alias(), node.indexName(), node.joinType(), node.operation(), node.strategy(),
                node.scanDirection(), node.sortKeys(), node.sortMethod(), node.sortSpaceType(), node.sortSpaceUsedKb(),
                node.filter(), node.indexCond(), node.recheckCond(), node.hashCond(), node.mergeCond(),
                node.joinFilter(), node.startupCost(), node.totalCost(), node.estimatedRows(), node.width(),
                node.actual(), node.rowsRemovedByFilter(), node.rowsRemovedByJoinFilter(),
                node.rowsRemovedByIndexRecheck(), node.heapFetches(), node.buffers(), properties, children);
    }
}
