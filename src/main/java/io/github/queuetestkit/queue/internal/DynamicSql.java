package io.github.queuetestkit.queue.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements a PL/pgSQL body runs through {@code EXECUTE}, as far as the body's text tells them: queue code
 * builds its dequeue as text to name a queue's table at run time (pgmq, queue_classic), and the lock-wait rule must
 * read those statements as it reads static ones.
 */
final class DynamicSql {

    /** Words in which an {@code EXECUTE}'s expression ends, outside parentheses (or a semicolon). */
    private static final Set<String> EXPRESSION_ENDS = Set.of("INTO", "USING", "LOOP", ";");

    /** {@code format()}'s placeholders ({@code %I}, {@code %s}, {@code %L}, {@code %2$I}, {@code %-10s}). */
    private static final Pattern FORMAT_PLACEHOLDER = Pattern.compile("%(\\d+\\$)?-?(\\d+|\\*)?[sIL]");

    /** Words after which a PL/pgSQL statement or declaration starts. */
    private static final Set<String> STATEMENT_STARTS = Set.of(";", "DECLARE", "BEGIN", "THEN", "ELSE", "LOOP");

    /** Opens a placeholder's name; it closes with {@code \u203a}. A name in SQL seldom starts with it. */
    private static final String PLACEHOLDER_OPENS = "\u2039";

    private DynamicSql() {
    }

    /**
     * The statements a PL/pgSQL body runs through {@code EXECUTE}, read from the string literals of each one's
     * expression in order (so {@code EXECUTE 'SELECT id FROM jobs' || ' FOR UPDATE NOWAIT'} and
     * {@code EXECUTE format('SELECT id FROM %I FOR UPDATE SKIP LOCKED', t)} read as the statements they build). What
     * stands between the literals (a variable, {@code quote_literal(x)}, {@code format}'s placeholders) becomes a
     * placeholder name of the expression it comes from (see {@link #built}). {@code EXECUTE sql} reads every value the
     * body assigns to {@code sql}, each as a statement of its own.
     *
     * @param tokens a body's tokens ({@link SqlWords#tokens})
     * @return one text per {@code EXECUTE} (per value, for a variable), or null for one that has no literal at all
     *     ({@code EXECUTE sql} with {@code sql} a parameter), whose statement cannot be read
     */
    static List<String> dynamicStatements(List<String> tokens) {
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            // EXECUTE FUNCTION f() in a trigger's definition is not dynamic SQL
            if (!tokens.get(i).equals("EXECUTE") || SqlWords.at(tokens, i + 1, "FUNCTION")
                    || SqlWords.at(tokens, i + 1, "PROCEDURE")) {
                continue;
            }
            List<String> expression = expression(tokens, i + 1);
            if (expression.size() == 1 && SqlWords.isName(expression.get(0))) {
                // EXECUTE sql: the statements are the values assigned to the variable, each read on its own
                List<List<String>> assigned = assignments(tokens, expression.get(0));
                if (assigned.isEmpty()) {
                    statements.add(null);
                }
                assigned.forEach(value -> statements.add(built(value)));
            } else {
                statements.add(built(expression));
            }
        }
        return statements;
    }

    /** @return the tokens of an expression from {@code from} to its end (see {@link #EXPRESSION_ENDS}) */
    private static List<String> expression(List<String> tokens, int from) {
        int depth = 0;
        int j = from;
        while (j < tokens.size() && !(depth <= 0 && EXPRESSION_ENDS.contains(tokens.get(j)))) {
            depth += tokens.get(j).equals("(") ? 1 : tokens.get(j).equals(")") ? -1 : 0;
            j++;
        }
        return tokens.subList(from, j);
    }

    /**
     * The values a PL/pgSQL body assigns to a variable: {@code sql := ...}, {@code sql = ...} where a statement
     * starts, and its declaration's default ({@code sql text := ...}, {@code sql text DEFAULT ...}).
     */
    private static List<List<String>> assignments(List<String> tokens, String variable) {
        List<List<String>> values = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (!tokens.get(i).equals(variable) || i > 0 && !STATEMENT_STARTS.contains(tokens.get(i - 1))) {
                continue;
            }
            int k = i + 1;
            // a declaration's type: words, and the parentheses and dots of varchar(200) or pg_catalog.text
            while (k < tokens.size() && !tokens.get(k).equals(":") && !tokens.get(k).equals("=")
                    && !tokens.get(k).equals("DEFAULT") && !tokens.get(k).equals(";") && k < i + 8) {
                k++;
            }
            if (SqlWords.at(tokens, k, ":") && SqlWords.at(tokens, k + 1, "=")) {
                values.add(expression(tokens, k + 2));
            } else if (SqlWords.at(tokens, k, "=") && k == i + 1 || SqlWords.at(tokens, k, "DEFAULT")) {
                values.add(expression(tokens, k + 1));
            }
        }
        return values;
    }

    /**
     * @return the statement an expression builds from its literals, what lies between them standing as a quoted name
     *     of its tokens that starts with {@link #PLACEHOLDER_OPENS}; null when it has no literal. A literal that is
     *     {@code format()}'s first argument has each of its placeholders stand for the argument it takes, so that
     *     {@code format('... FROM %I ... UPDATE %I', t, t)} names one table twice.
     */
    private static String built(List<String> expression) {
        StringBuilder text = new StringBuilder();
        List<String> between = new ArrayList<>();
        boolean literal = false;
        for (int i = 0; i < expression.size(); i++) {
            String token = expression.get(i);
            if (token.charAt(0) != SqlWords.STRING) {
                if (!token.equals("|")) {
                    between.add(token);
                }
                continue;
            }
            boolean formatted = between.size() >= 2 && between.get(between.size() - 1).equals("(")
                    && between.get(between.size() - 2).equals("FORMAT");
            List<List<String>> arguments = new ArrayList<>();
            if (formatted) {
                between.subList(between.size() - 2, between.size()).clear();
                i = arguments(expression, i + 1, arguments);
            }
            text.append(placeholder(between)).append(' ').append(withArguments(token.substring(1), arguments))
                    .append(' ');
            between.clear();
            literal = true;
        }
        text.append(placeholder(between));
        return literal ? text.toString() : null;
    }

    /**
     * Reads the arguments of a call from the comma after its first one to its closing parenthesis.
     *
     * @return the index of the closing parenthesis (or the expression's last token)
     */
    private static int arguments(List<String> expression, int from, List<List<String>> arguments) {
        int depth = 0;
        int i = from;
        List<String> argument = null;
        for (; i < expression.size(); i++) {
            String token = expression.get(i);
            if (depth == 0 && (token.equals(",") || token.equals(")"))) {
                if (argument != null) {
                    arguments.add(argument);
                }
                if (token.equals(")")) {
                    return i;
                }
                argument = new ArrayList<>();
                continue;
            }
            depth += token.equals("(") ? 1 : token.equals(")") ? -1 : 0;
            if (argument != null) {
                argument.add(token.charAt(0) == SqlWords.STRING ? "'" + token.substring(1) + "'" : token);
            }
        }
        if (argument != null) {
            arguments.add(argument);
        }
        return i - 1;
    }

    /** A format string's text with each placeholder standing for its argument (or for itself, when not a call's). */
    private static String withArguments(String format, List<List<String>> arguments) {
        Matcher matcher = FORMAT_PLACEHOLDER.matcher(format);
        StringBuilder text = new StringBuilder();
        int next = 0;
        while (matcher.find()) {
            String position = matcher.group(1);
            int index = position == null ? next++ : Integer.parseInt(position.substring(0, position.length() - 1)) - 1;
            if (position != null) {
                next = index + 1;
            }
            List<String> argument = index < arguments.size() ? arguments.get(index) : List.of(matcher.group());
            String conversion = matcher.group().substring(matcher.group().length() - 1);
            matcher.appendReplacement(text, Matcher.quoteReplacement(" " + formatted(conversion, argument) + " "));
        }
        matcher.appendTail(text);
        return text.toString().replace("%%", "%");
    }

    /**
     * @return what {@code format()} puts for one placeholder: a literal argument's text as {@code %s}, {@code %I} or
     *     {@code %L} writes it ({@code format('... FOR UPDATE OF %s', 'jobs')} names jobs), else a placeholder
     */
    private static String formatted(String conversion, List<String> argument) {
        String only = argument.size() == 1 ? argument.get(0) : "";
        if (only.length() < 2 || !only.startsWith("'") || !only.endsWith("'")) {
            return placeholder(argument);
        }
        String text = only.substring(1, only.length() - 1);
        return switch (conversion) {
            case "s" -> text;
            case "I" -> text.matches("[a-z_][a-z0-9_$]*") ? text : "\"" + text.replace("\"", "\"\"") + "\"";
            default -> "'" + text.replace("'", "''") + "'";
        };
    }

    /** @return a quoted name standing for these tokens of an expression, or "" for none */
    private static String placeholder(List<String> tokens) {
        if (tokens.isEmpty()) {
            return "";
        }
        return " \"" + PLACEHOLDER_OPENS + String.join(" ", tokens).replace("\"", "\"\"") + "\u203a\" ";
    }

    /** Whether a name stands for what a dynamic statement's text leaves to run time (see {@link #built}). */
    static boolean isPlaceholder(String name) {
        return name.startsWith(PLACEHOLDER_OPENS);
    }
}
