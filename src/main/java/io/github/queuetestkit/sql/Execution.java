package io.github.queuetestkit.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One successful execution of a captured statement as the server planned it: its text, the parameters it was bound
 * with (one set of a batch), the driver's row limit and the session's search_path. Two executions that agree on all
 * four get the same plans.
 *
 * @param statement the captured statement
 * @param bindings the parameter set, as the code bound it
 */
record Execution(CapturedStatement statement, List<BoundParameter> bindings) {

    /**
     * @param byValue whether parameter values tell executions apart: they do for custom plans, not for the generic
     *     plan, which is made without them
     * @return the group's successful executions, one per distinct text, parameter set (when by value), row limit and
     *     search_path, in order
     */
    static List<Execution> distinct(StatementGroup group, boolean byValue) {
        Map<String, Execution> byKey = new LinkedHashMap<>();
        for (CapturedStatement statement : group.statements()) {
            if (statement.failure().isPresent()) {
                continue;
            }
            List<List<BoundParameter>> sets = statement.bindingSets().isEmpty() ? List.of(List.of())
                    : statement.bindingSets();
            for (List<BoundParameter> set : sets) {
                Execution execution = new Execution(statement, set);
                byKey.putIfAbsent(execution.key(byValue), execution);
            }
        }
        return List.copyOf(byKey.values());
    }

    /**
     * @return at most {@code most} of them, evenly spread, the first and the last among them; all of them when there
     *     are no more
     */
    static List<Execution> spread(List<Execution> all, int most) {
        if (all.size() <= most) {
            return all;
        }
        List<Execution> picked = new ArrayList<>(most);
        for (int i = 0; i < most; i++) {
            picked.add(all.get((int) ((long) i * (all.size() - 1) / (most - 1))));
        }
        return picked;
    }

    private String key(boolean byValue) {
        return statement.sql() + '\u0000' + statement.maxRows() + '\u0000' + statement.searchPath().orElse("") + '\u0000'
                + (byValue ? String.join("\u0000", bindings.stream().map(b -> Objects.toString(b)).toList()) : "");
    }

    private static String shown(Object value) {
        return value instanceof byte[] bytes ? "<" + bytes.length + " bytes>" : String.valueOf(value);
    }

    /**
     * @param searchPathDiffers whether its search_path is not the one a new connection gets
     * @return how a reader tells this execution from the statement's others: its parameters, else its text
     */
    String describe(boolean searchPathDiffers) {
        String path = searchPathDiffers ? " and search_path " + statement.searchPath().orElse("") : "";
        return what() + path;
    }

    private String what() {
        if (!bindings.isEmpty()) {
            return "parameters " + bindings.stream().map(b -> b == null ? "(unbound)" : shown(b.value())).toList();
        }
        return "text " + statement.sql().strip().replaceAll("\\s+", " ");
    }
}
