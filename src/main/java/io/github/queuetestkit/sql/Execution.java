package io.github.queuetestkit.sql;

import java.util.ArrayList;
import java.util.Arrays;
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
                + String.join("\u0000", bindings.stream().map(b -> byValue ? Objects.toString(b) : typeOf(b)).toList());
    }

    /** What decides the parameter's type on the server, without its value: the setter, its type, the value's class. */
    private static String typeOf(BoundParameter binding) {
        return binding == null ? "null" : binding.setter() + " " + binding.binding() + " "
                + (binding.value() == null ? "null" : binding.value().getClass().getName());
    }

    private static String shown(BoundParameter binding) {
        Object value = binding.value();
        String text;
        if (value instanceof byte[] bytes) {
            text = "<" + bytes.length + " bytes>";
        } else if (value != null && value.getClass().isArray()) {
            text = Arrays.deepToString(new Object[] {value});
            text = text.substring(1, text.length() - 1);
        } else {
            text = String.valueOf(value);
        }
        // the setter tells apart two executions whose values print alike (setInt 5, setBigDecimal 5)
        String setter = binding.setter();
        return setter.equals("setObject") || setter.equals("setString") ? text : text + " (" + setter + ")";
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
            return "parameters " + bindings.stream().map(b -> b == null ? "(unbound)" : shown(b)).toList();
        }
        return "text " + statement.sql().strip().replaceAll("\\s+", " ");
    }
}
