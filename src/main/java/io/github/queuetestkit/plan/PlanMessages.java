package io.github.queuetestkit.plan;

import io.github.queuetestkit.plan.internal.ExplainRunner;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The layout every plan failure shares: one sentence of expected vs found, the SQL with its parameters, then the
 * whole plan as psql prints it with the nodes at fault marked {@code >>}.
 */
final class PlanMessages {

    private PlanMessages() {
    }

    static String failure(String sentence, Plan plan, Collection<PlanNode> marked) {
        StringBuilder s = new StringBuilder("\n").append(sentence).append("\n\nSQL:\n");
        for (String line : plan.sql().strip().split("\n")) {
            s.append("  ").append(line.stripTrailing()).append('\n');
        }
        if (!plan.parameters().isEmpty()) {
            s.append("Parameters: ").append(ExplainRunner.values(plan.parameters())).append('\n');
        }
        s.append("\nPlan (").append(plan.type().label()).append(", ")
                .append(plan.analyzed() ? "analyzed" : "not executed: estimates only");
        if (!marked.isEmpty()) {
            s.append("; >> marks ").append(marked.size() == 1 ? "the node" : "the nodes").append(" at fault");
        }
        return s.append("):\n").append(plan.render(marked)).toString();
    }

    /**
     * The verdict facts that end every plan failure (see {@link PlanFooter}); built here, once, so every failure
     * message carries them last and other wording stays untouched.
     *
     * @return the footer, starting with a blank line, or empty
     */
    static String footer(Plans plans, boolean tinyTablesAllowed) {
        return PlanFooter.of(plans, tinyTablesAllowed);
    }

    /** "the plan" when one custom plan was taken; "the generic plan" / "the custom plan" when the type matters. */
    static String name(Plan plan, Plans plans) {
        return plans.all().size() > 1 || plan.type() == PlanType.GENERIC ? "the " + plan.type().label() + " plan"
                : "the plan";
    }

    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String number(double n) {
        return String.format(Locale.ROOT, "%,.2f", n);
    }

    static String rows(long n) {
        return number(n) + (n == 1 ? " row" : " rows");
    }

    /**
     * @param node a table scan
     * @return what it did: "Seq Scan on jobs, which examined 10,000 rows and kept 5"
     */
    static String scanFacts(PlanNode node) {
        String head = node.headline();
        if (node.actual().isEmpty()) {
            return head + " (estimated " + rows(Math.round(node.estimatedRows())) + ")";
        }
        if (!node.wasExecuted()) {
            return head + " (never executed)";
        }
        PlanNode.Actual a = node.actual().get();
        StringBuilder s = new StringBuilder(head).append(", which examined ").append(rows(node.rowsExamined()))
                .append(" and kept ").append(number(Math.round(a.totalRows())));
        if (a.loops() > 1) {
            s.append(" over ").append(number(a.loops())).append(" loops");
        }
        return s.toString();
    }

    /**
     * @param node a table scan on the named table, or on a table the name stands for
     * @param named the table an assertion named, or null
     * @return its facts, with how it relates to the name when it is a partition, child or view table:
     *     "Seq Scan on jobs_p2 (a partition of jobs), which examined 10,000 rows and kept 5"
     */
    static String scanFacts(PlanNode node, NamedRelation named) {
        String facts = scanFacts(node);
        String via = named == null ? "" : named.via(node);
        if (via.isEmpty()) {
            return facts;
        }
        String head = node.headline();
        return head + via + facts.substring(head.length());
    }

    static String join(List<PlanNode> nodes, java.util.function.Function<PlanNode, String> describe) {
        return nodes.stream().map(describe).collect(Collectors.joining("; "));
    }

    static String quoted(String name) {
        return "\"" + name + "\"";
    }
}
