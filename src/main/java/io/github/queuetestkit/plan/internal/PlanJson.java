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

/** Parses the JSON of {@code EXPLAIN (FORMAT JSON)} into {@link Plan}; property names are stable in PostgreSQL 13-17. */
public final class PlanJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

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
            } else if (v.isArray() && !e.getKey().equals("Plans")) {
                properties.put(e.getKey(), strings(v));
            }
        });
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
                text(n, "Sort Method"),
                text(n, "Sort Space Type"),
                n.path("Sort Space Used").asLong(),
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

    private static PlanNode.Buffers buffers(JsonNode n) {
        return new PlanNode.Buffers(n.path("Shared Hit Blocks").asLong(), n.path("Shared Read Blocks").asLong(),
                n.path("Shared Dirtied Blocks").asLong(), n.path("Shared Written Blocks").asLong(),
                n.path("Temp Read Blocks").asLong(), n.path("Temp Written Blocks").asLong());
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
