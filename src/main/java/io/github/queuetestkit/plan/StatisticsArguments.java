package io.github.queuetestkit.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the arguments of a {@code pg_restore_*_stats} call as {@code pg_dump} writes them: pairs of string literals,
 * {@code 'key', 'value'::type}, the values quoted with doubled single quotes.
 */
final class StatisticsArguments {

    private StatisticsArguments() {
    }

    /**
     * @param arguments the text between the call's parentheses
     * @return each argument's value: a literal's text unquoted, without its cast; anything else as written
     */
    static List<String> read(String arguments) {
        List<String> values = new ArrayList<>();
        int i = 0;
        int n = arguments.length();
        while (i < n) {
            while (i < n && (Character.isWhitespace(arguments.charAt(i)) || arguments.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            StringBuilder value = new StringBuilder();
            if (arguments.charAt(i) == '\'') {
                i++;
                while (i < n) {
                    char c = arguments.charAt(i);
                    if (c == '\'' && i + 1 < n && arguments.charAt(i + 1) == '\'') {
                        value.append('\'');
                        i += 2;
                    } else if (c == '\'') {
                        i++;
                        break;
                    } else {
                        value.append(c);
                        i++;
                    }
                }
                // the cast that follows a literal is not part of its value
                while (i < n && arguments.charAt(i) != ',') {
                    i++;
                }
            } else {
                while (i < n && arguments.charAt(i) != ',') {
                    value.append(arguments.charAt(i));
                    i++;
                }
            }
            values.add(value.toString().strip());
        }
        return values;
    }

    /**
     * @param values the arguments, as {@link #read} returns them
     * @param key an argument name, e.g. {@code relname}
     * @return the value that follows it, or null when the call does not name it
     */
    static String value(List<String> values, String key) {
        for (int i = 0; i + 1 < values.size(); i += 2) {
            if (values.get(i).equals(key)) {
                return values.get(i + 1);
            }
        }
        return null;
    }
}
