package io.github.queuetestkit.plan;

import io.github.queuetestkit.dataset.internal.DatasetRecord;
import io.github.queuetestkit.plan.internal.Reproduction;
import io.github.queuetestkit.plan.internal.TableStats;
import io.github.queuetestkit.plan.internal.VerdictFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The lines at the end of every plan failure that say how far to trust the verdict and how to get the same plan
 * again: live and dead tuples of the tables in the plan, tables analyzed before planning, a warning when the data
 * is too small to prove anything, a forced planner, the server version, settings and dataset recipes.
 */
final class PlanFooter {

    /** Below this many rows in the largest table of a plan, a verdict proves little. */
    static final long TINY_TABLE_ROWS = 10_000;

    /** Settings that force the planner's hand: a plan taken under them shows what can serve, not what is chosen. */
    static final Map<String, String> FORCED = Map.of("enable_seqscan", "off", "enable_sort", "off");

    private PlanFooter() {
    }

    /**
     * @param plans the plans judged
     * @param tinyTablesAllowed whether the user said small data is the point
     * @return the footer, starting with a blank line; empty for plans not taken from a database and not forced
     */
    static String of(Plans plans, boolean tinyTablesAllowed) {
        List<String> lines = new ArrayList<>();
        forcedLine(plans.request()).ifPresent(lines::add);
        VerdictFacts facts = plans.facts();
        if (facts.unavailable() != null) {
            lines.add("Verdict facts unavailable: reading the statistics and settings failed: " + facts.unavailable());
        } else if (facts.taken()) {
            List<TableStats> tables = facts.tables();
            if (!tables.isEmpty()) {
                lines.add("Tables: " + tables.stream().map(PlanFooter::tuples).collect(Collectors.joining("; "))
                        + " (pg_stat_user_tables; counts of other sessions' changes may lag by a second)");
            }
            if (plans.request().statistics() != null) {
                lines.add("Statistics: restored from " + plans.request().statistics().describe() + " inside"
                        + " the explain's transaction, rolled back after");
            }
            if (!plans.analyzedBeforePlanning().isEmpty()) {
                lines.add("Statistics: ANALYZE ran before planning on " + String.join(", ",
                        plans.analyzedBeforePlanning()));
            }
            if (!tinyTablesAllowed) {
                tiny(facts).ifPresent(t -> lines.add(tinyWarning(t, facts.datasets())));
            }
            lines.add(reproduce(plans.request(), facts.reproduction()));
        }
        if (lines.isEmpty()) {
            return "";
        }
        return "\n\nVerdict facts:\n  " + String.join("\n  ", lines);
    }

    /** @return the largest table of the plans when even it is below {@link #TINY_TABLE_ROWS} */
    static Optional<TableStats> tiny(VerdictFacts facts) {
        return facts.largestTableBelow(TINY_TABLE_ROWS);
    }

    static String tinyWarning(TableStats table, List<DatasetRecord> datasets) {
        String definition = datasets.isEmpty() || datasets.get(0).inCode() ? "jobs" : datasets.get(0).definition();
        return "Tiny table: the largest table in the plan, " + PlanMessages.quoted(table.table()) + ", has "
                + PlanMessages.rows(table.rows()) + " (fewer than " + PlanMessages.number(TINY_TABLE_ROWS) + "): a"
                + " verdict on a table this small proves little, because the planner reads small tables whole whatever"
                + " the indexes. Load data at scale, e.g. @Dataset(value = \"" + definition + "\", scale = 100_000) on"
                + " the class or DatasetSpec.named(\"" + definition + "\").withScale(100_000).load(dataSource); call"
                + " allowingTinyTables() before the checks when small data is the point.";
    }

    private static Optional<String> forcedLine(Explain request) {
        List<String> forced = request.settings().entrySet().stream()
                .filter(e -> FORCED.containsKey(e.getKey()) && e.getValue().equalsIgnoreCase("off"))
                .map(e -> e.getKey() + "=off").toList();
        if (forced.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Planner forced: " + String.join(", ", forced) + " (SET LOCAL): this plan shows what CAN"
                + " serve the statement, not what the planner chooses at this data.");
    }

    private static String tuples(TableStats t) {
        String rows = t.table() + " " + PlanMessages.rows(t.rows());
        if (t.countersEmpty()) {
            return rows + ", no live/dead counts yet (counters start empty in a database cloned from a template)";
        }
        return rows + ", " + PlanMessages.number(t.liveTuples()) + " live / " + PlanMessages.number(t.deadTuples())
                + " dead tuples";
    }

    private static String reproduce(Explain request, Reproduction reproduction) {
        StringBuilder s = new StringBuilder("Reproduce: PostgreSQL ").append(reproduction.serverVersion()).append(", ")
                .append(reproduction.settingsAnnotation());
        List<String> planSettings = request.settings().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .toList();
        if (!planSettings.isEmpty()) {
            s.append(", plan settings (SET LOCAL) ").append(String.join(", ", planSettings));
        }
        if (reproduction.datasets().isEmpty()) {
            s.append("; no dataset recorded for these tables (they came from init scripts or the test's own"
                    + " statements)");
        }
        for (DatasetRecord dataset : reproduction.datasets()) {
            s.append("\n    ").append(dataset.recipe());
        }
        return s.toString();
    }
}
