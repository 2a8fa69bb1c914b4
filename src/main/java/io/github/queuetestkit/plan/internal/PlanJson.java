package io.github.queuetestkit.plan.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.plan.Plan;
import io.github.queuetestkit.plan.PlanNode;
import io.github.queuetestkit.plan.PlanType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Parses the JSON of {@code EXPLAIN (FORMAT JSON)} into {@link Plan}. Property names are stable from PostgreSQL 13 to
 * 18; 18 writes actual rows with two decimals and adds "Disabled" to every node, "Index Searches" to index scans and
 * "Storage" / "Maximum Storage" to tuple stores (Materialize, CTE Scan, WindowAgg...), all kept in
 * {@link PlanNode#properties()}.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class PlanJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> INCREMENTAL_GROUPS = List.of("Full-sort Groups", "Pre-sorted Groups");

    private PlanJson() {
    }

    /**
     * @param json the document EXPLAIN returned
     * @param sql the statement, for messages
     * @param type custom or generic
     * @param parameters the values bound
     * @return the plan
     */
    public static Plan parse(String json, String sql, PlanType type, List<Object> parameters) {
        JsonNode document;
        try {
            document = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new QueueTestkitException("Not the JSON of EXPLAIN (FORMAT JSON): " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
        }
        JsonNode top = document.isArray() ? document.path(0) : document;
        JsonNode planNode = top.get("Plan");
        if (planNode == null) {
            throw new QueueTestkitException("Not the JSON of EXPLAIN (FORMAT JSON): no \"Plan\" object at the top;"
                    + " pass the whole document EXPLAIN returned");
        }
        PlanNode root = node(planNode);
        boolean analyzed = planNode.has("Actual Loops");
        return new Plan(root, sql, parameters, type, analyzed, millis(top.get("Planning Time")),
                millis(top.get("Execution Time")), buffers(top.path("Planning")), json);
    }

    /**
     * A trigger that fired while the statement ran, as the top of {@code EXPLAIN ANALYZE}'s JSON lists it.
     *
     * @param name the trigger's name
     * @param constraint the constraint it enforces (a foreign key's check), or null
     * @param relation the table it fired on
     * @param timeMs the time spent in it, or null when timing was off
     * @param calls how many times it fired
     */
    public record Trigger(String name, String constraint, String relation, Double timeMs, long calls) {
    }

    /**
     * @param json the document EXPLAIN returned, as {@link Plan#json()} keeps it
     * @return the triggers it reports, in its order; empty when none fired or the document cannot be read
     */
    public static List<Trigger> triggers(String json) {
        List<Trigger> triggers = new ArrayList<>();
        if (json == null) {
            return triggers;
        }
        try {
            JsonNode document = MAPPER.readTree(json);
            JsonNode top = document.isArray() ? document.path(0) : document;
            for (JsonNode t : top.path("Triggers")) {
                triggers.add(new Trigger(text(t, "Trigger Name"), text(t, "Constraint Name"), text(t, "Relation"),
                        t.path("Time").isNumber() ? t.path("Time").asDouble() : null, t.path("Calls").asLong()));
            }
        } catch (JsonProcessingException e) {
            // a plan is parsed from this same document first, so only a hand-built Plan gets here: no triggers
            return List.of();
        }
        return triggers;
    }

    private static Optional<Duration> millis(JsonNode value) {
        if (value == null || !value.isNumber()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.round(value.asDouble() * 1_000_000)));
    }

    private static PlanNode node(JsonNode n) {
        List<PlanNode> children = new ArrayList<>();
        for (JsonNode child : n.path("Plans")) {
            children.add(node(child));
        }
        Map<String, Object> properties = properties(n);
        SortUse sort = SortUse.of(n);
        Optional<PlanNode.Actual> actual = n.has("Actual Loops")
                ? Optional.of(new PlanNode.Actual(n.path("Actual Startup Time").asDouble(),
                        n.path("Actual Total Time").asDouble(), n.path("Actual Rows").asDouble(),
                        n.path("Actual Loops").asLong()))
                : Optional.empty();
        return new PlanNode(
                text(n, "Node Type"),
                text(n, "Parent Relationship"),
                text(n, "Subplan Name"),
                text(n, "Relation Name"),
                text(n, "Schema"),
                text(n, "Alias"),
                text(n, "Index Name"),
                text(n, "Join Type"),
                text(n, "Operation"),
                text(n, "Strategy"),
                text(n, "Scan Direction"),
                strings(n.path("Sort Key")),
                sort.method(),
                sort.spaceType(),
                sort.usedKb(),
                text(n, "Filter"),
                text(n, "Index Cond"),
                text(n, "Recheck Cond"),
                text(n, "Hash Cond"),
                text(n, "Merge Cond"),
                text(n, "Join Filter"),
                n.path("Startup Cost").asDouble(),
                n.path("Total Cost").asDouble(),
                n.path("Plan Rows").asDouble(),
                n.path("Plan Width").asInt(),
                actual,
                Math.round(n.path("Rows Removed by Filter").asDouble()),
                Math.round(n.path("Rows Removed by Join Filter").asDouble()),
                Math.round(n.path("Rows Removed by Index Recheck").asDouble()),
                Math.round(n.path("Heap Fetches").asDouble()),
                buffers(n),
                properties,
                children);
    }

    /**
     * The values of a node (or of one parallel worker's part of it) by JSON name: texts, numbers, booleans and lists
     * of them as they are; an Incremental Sort's group objects as the line psql prints after their label; the
     * tables a ModifyTable writes and the per-worker details as described on {@link PlanNode#properties()}.
     */
    private static Map<String, Object> properties(JsonNode n) {
        Map<String, Object> properties = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isTextual()) {
                properties.put(e.getKey(), v.asText());
            } else if (v.isIntegralNumber()) {
                properties.put(e.getKey(), v.asLong());
            } else if (v.isNumber()) {
                properties.put(e.getKey(), v.asDouble());
            } else if (v.isBoolean()) {
                properties.put(e.getKey(), v.asBoolean());
            } else if (e.getKey().equals("Target Tables")) {
                properties.put(e.getKey(), targetLines(n, v));
            } else if (e.getKey().equals("Workers")) {
                List<Map<String, Object>> workers = new ArrayList<>();
                v.forEach(worker -> workers.add(Map.copyOf(properties(worker))));
                properties.put(e.getKey(), List.copyOf(workers));
            } else if (v.isArray() && !e.getKey().equals("Plans") && isScalars(v)) {
                properties.put(e.getKey(), strings(v));
            } else if (INCREMENTAL_GROUPS.contains(e.getKey()) && v.isObject()) {
                properties.put(e.getKey(), groupLine(v));
            }
        });
        return properties;
    }

    private static PlanNode.Buffers buffers(JsonNode n) {
        return new PlanNode.Buffers(n.path("Shared Hit Blocks").asLong(), n.path("Shared Read Blocks").asLong(),
                n.path("Shared Dirtied Blocks").asLong(), n.path("Shared Written Blocks").asLong(),
                n.path("Temp Read Blocks").asLong(), n.path("Temp Written Blocks").asLong());
    }

    /**
     * What a sort node says of its sort. A Sort reports its method, space and use directly; an Incremental Sort
     * reports one object per kind of group it sorted instead, and what the sort assertions need of it is whether any
     * group spilled, so its groups are summed up as one method list, space and peak.
     */
    private record SortUse(String method, String spaceType, long usedKb) {

        static SortUse of(JsonNode n) {
            List<JsonNode> groups = new ArrayList<>();
            for (String name : INCREMENTAL_GROUPS) {
                if (n.path(name).isObject()) {
                    groups.add(n.path(name));
                }
            }
            if (groups.isEmpty()) {
                return new SortUse(text(n, "Sort Method"), text(n, "Sort Space Type"),
                        n.path("Sort Space Used").asLong());
            }
            java.util.Set<String> methods = new java.util.LinkedHashSet<>();
            long memory = 0;
            long disk = 0;
            for (JsonNode group : groups) {
                methods.addAll(strings(group.path("Sort Methods Used")));
                memory = Math.max(memory, group.path("Sort Space Memory").path("Peak Sort Space Used").asLong());
                disk = Math.max(disk, group.path("Sort Space Disk").path("Peak Sort Space Used").asLong());
            }
            return disk > 0 ? new SortUse(String.join(", ", methods), "Disk", disk)
                    : new SortUse(String.join(", ", methods), "Memory", memory);
        }
    }

    /** "1  Sort Method: quicksort  Average Memory: 26kB  Peak Memory: 26kB", as psql prints a group after its label. */
    private static String groupLine(JsonNode group) {
        List<String> methods = strings(group.path("Sort Methods Used"));
        StringBuilder line = new StringBuilder().append(group.path("Group Count").asLong())
                .append(methods.size() > 1 ? "  Sort Methods: " : "  Sort Method: ").append(String.join(", ", methods));
        for (String space : List.of("Memory", "Disk")) {
            JsonNode used = group.path("Sort Space " + space);
            if (used.isObject()) {
                line.append("  Average ").append(space).append(": ").append(used.path("Average Sort Space Used").asLong())
                        .append("kB  Peak ").append(space).append(": ").append(used.path("Peak Sort Space Used").asLong())
                        .append("kB");
            }
        }
        return line.toString();
    }

    /**
     * "Update on job_runs_2024 job_runs_1": each table a partitioned or inherited ModifyTable writes, as psql prints
     * it under the node.
     */
    private static List<String> targetLines(JsonNode modify, JsonNode targets) {
        List<String> lines = new ArrayList<>();
        for (JsonNode target : targets) {
            String name = target.path("Relation Name").asText();
            String schema = text(target, "Schema");
            String alias = text(target, "Alias");
            lines.add(modify.path("Operation").asText() + " on "
                    + (schema == null ? "" : PlanText.identifier(schema) + ".") + PlanText.identifier(name)
                    + (alias == null || alias.equals(name) ? "" : " " + PlanText.identifier(alias)));
        }
        return lines;
    }

    /** Other lists of objects ("Grouping Sets") are left out: they are not one value each. */
    private static boolean isScalars(JsonNode array) {
        for (JsonNode v : array) {
            if (v.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        for (JsonNode v : array) {
            list.add(v.asText());
        }
        return list;
    }
}
