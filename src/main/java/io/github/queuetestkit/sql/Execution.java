package io.github.queuetestkit.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

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
     * At most {@code most} of them, chosen so that a value that sets the plan is not left out: the first, then the
     * first execution with each value of every parameter that takes few values (at most half as many as are chosen:
     * a tenant, a state, a queue, also the text and the search_path), then the rest evenly spread, the last among
     * them. A parameter that takes a new value at every execution (a timestamp, an id) does not choose; a heavy
     * tenant that ran once among a thousand executions of light ones does.
     *
     * @return the chosen, in their order; all of them when there are no more
     */
    static List<Execution> sample(List<Execution> all, int most) {
        if (all.size() <= most) {
            return all;
        }
        Set<Integer> picked = new TreeSet<>();
        picked.add(0);
        int positions = all.stream().mapToInt(e -> e.bindings.size()).max().orElse(0);
        // -2: the text, -1: the search_path, 0..: the parameters
        for (int position = -2; position < positions && picked.size() < most; position++) {
            Map<String, Integer> firstWith = new LinkedHashMap<>();
            for (int i = 0; i < all.size() && firstWith.size() <= most / 2; i++) {
                firstWith.putIfAbsent(all.get(i).valueAt(position), i);
            }
            if (firstWith.size() > 1 && firstWith.size() <= most / 2) {
                for (int i : firstWith.values()) {
                    if (picked.size() < most) {
                        picked.add(i);
                    }
                }
            }
        }
        int left = most - picked.size();
        for (int k = 0; k < left; k++) {
            int i = (int) ((long) (k + 1) * (all.size() - 1) / left);
            while (!picked.add(i) && i > 0) {
                i--;
            }
        }
        return picked.stream().map(all::get).toList();
    }

    private String valueAt(int position) {
        if (position == -2) {
            return statement.sql();
        }
        if (position == -1) {
            return statement.searchPath().orElse("");
        }
        return position < bindings.size() ? Objects.toString(bindings.get(position)) : "";
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
