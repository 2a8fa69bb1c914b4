package io.github.queuetestkit.plan;

import io.github.queuetestkit.QueueTestkitException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The node type names PostgreSQL 13-18 report (18 adds no node type, only the "Right Semi" join type), so a
 * misspelled type fails loudly instead of "not contained".
 */
final class NodeTypes {

    private static final Set<String> KNOWN = Set.of("result", "projectset", "modifytable", "append", "merge append",
            "recursive union", "bitmapand", "bitmapor", "nested loop", "merge join", "hash join", "seq scan",
            "sample scan", "gather", "gather merge", "index scan", "index only scan", "bitmap index scan",
            "bitmap heap scan", "tid scan", "tid range scan", "subquery scan", "function scan", "table function scan",
            "values scan", "cte scan", "named tuplestore scan", "worktable scan", "foreign scan", "custom scan",
            "materialize", "memoize", "sort", "incremental sort", "group", "aggregate", "groupaggregate",
            "hashaggregate", "mixedaggregate", "windowagg", "unique", "setop", "hashsetop", "lockrows", "limit", "hash",
            "insert", "update", "delete", "merge");

    private static final Pattern JOIN = Pattern.compile(
            "(nested loop|hash|merge) (left|right|full|semi|anti|right semi|right anti) join");

    private NodeTypes() {
    }

    static void requireKnown(String assertion, String type) {
        String t = type.toLowerCase(Locale.ROOT).strip();
        if (!KNOWN.contains(t) && !JOIN.matcher(t).matches()) {
            throw new QueueTestkitException("Unknown node type " + PlanMessages.quoted(type) + " in " + assertion
                    + ": a misspelled type would never be found. Use a name EXPLAIN prints, e.g. \"Seq Scan\","
                    + " \"Index Only Scan\", \"Bitmap Heap Scan\", \"Sort\", \"Incremental Sort\", \"Hash Join\","
                    + " \"Nested Loop\", \"HashAggregate\", \"Memoize\", \"LockRows\".");
        }
    }
}
