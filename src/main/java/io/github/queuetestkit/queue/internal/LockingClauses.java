package io.github.queuetestkit.queue.internal;

import io.github.queuetestkit.base.SqlLexing;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The row-locking clauses of a statement ({@code FOR UPDATE}, {@code FOR NO KEY UPDATE}, {@code FOR SHARE},
 * {@code FOR KEY SHARE}) and whether each is followed by {@code SKIP LOCKED} or {@code NOWAIT}, read from the
 * statement's words outside strings, quoted identifiers and comments.
 *
 * <p>Why the lock-wait rule needs it: PostgreSQL makes a statement whose every locking clause says {@code SKIP LOCKED}
 * wait now and then all the same. When a row it locks was updated by a transaction that committed while the statement
 * ran, PostgreSQL follows the row's update chain, and that walk waits for any transaction holding the newer version
 * (for instance one whose own {@code SKIP LOCKED} scan locked it while re-checking it), whatever the wait policy. Seen
 * on 15, 17 and 18 with the kit's {@code SKIP LOCKED} test queue: a few waits in thousands of dequeues.
 */
@API(status = API.Status.INTERNAL, since = "0.2")
public final class LockingClauses {

    private static final List<List<String>> STRENGTHS = List.of(List.of("UPDATE"), List.of("NO", "KEY", "UPDATE"),
            List.of("SHARE"), List.of("KEY", "SHARE"));

    private LockingClauses() {
    }

    /**
     * @param sql a statement, possibly cut short (as {@code pg_stat_activity} shows a long one)
     * @return whether it has at least one row-locking clause and every one of them is followed by {@code SKIP LOCKED}
     *     or {@code NOWAIT}: a statement that never queues behind a row another transaction holds
     */
    public static boolean onlySkipOrFailOnLockedRows(String sql) {
        return onlySkipOrFailOnLockedRows(sql, List.of(), false);
    }

    /**
     * @param sql a statement
     * @return whether it has a row-locking clause and each says {@code SKIP LOCKED} or {@code NOWAIT}, whatever it
     *     writes (unlike {@link #onlySkipOrFailOnLockedRows(String)})
     */
    public static boolean locksOnlyWithSkipOrFail(String sql) {
        return onlySkipOrFail(words(sql));
    }

    /**
     * @param sql a statement
     * @return whether it inserts rows and takes no row lock itself: it waits only where another transaction
     *     inserted the same unique key (or, with {@code ON CONFLICT DO UPDATE}, holds the conflicting row)
     */
    public static boolean insertsWithoutLocking(String sql) {
        List<String> words = words(sql);
        return lockingClauses(words) == 0 && writeTargets(words, true).isEmpty()
                && !writeTargets(words, false).isEmpty();
    }

    private static boolean onlySkipOrFail(List<String> words) {
        int clauses = 0;
        for (int i = 0; i < words.size(); i++) {
            if (!words.get(i).equals("FOR")) {
                continue;
            }
            int after = strengthEnd(words, i + 1);
            if (after < 0) {
                continue;
            }
            clauses++;
            after = tablesEnd(words, after);
            boolean skips = at(words, after, "SKIP") && at(words, after + 1, "LOCKED");
            boolean fails = at(words, after, "NOWAIT");
            if (!skips && !fails) {
                return false;
            }
        }
        return clauses > 0;
    }

    /**
     * The rule: a statement's own text and the bodies of the SQL and PL/pgSQL functions it may run (those it calls,
     * the triggers of the tables it names on what it writes, and so on down), split at their semicolons. Each piece
     * with a locking clause must take its rows with {@code SKIP LOCKED} or {@code NOWAIT} only, and there must be one
     * such piece. Each table a piece writes in a way that can queue ({@code UPDATE}, {@code DELETE}, {@code MERGE},
     * {@code INSERT ... ON CONFLICT}), with or without a locking clause of its own, must be one that a skipping clause
     * of the same text locks (a table of the FROM list of the SELECT the clause ends): the two-step dequeue
     * ({@code SELECT ... FOR UPDATE SKIP LOCKED INTO id}, then {@code UPDATE jobs ... WHERE id = id}) updates the row
     * it locked, while a dequeue that also counts in a shared row ({@code WITH next AS (... FOR UPDATE SKIP LOCKED),
     * c AS (UPDATE counts ...)}), or whose trigger does, queues there. A plain {@code INSERT} does not queue (it waits
     * only on another insert of the same unique key), so a dequeue that logs what it took still skips.
     *
     * <p>A statement a body runs through {@code EXECUTE} is read from the string literals that build it, directly or
     * assigned to the variable it runs (see {@link #dynamicStatements}); one built without a literal cannot be read,
     * and a function in another procedural language neither: either makes the statement read as not skipping. What
     * lies between the literals, and each placeholder of {@code format()}, stands for the expression it is built from,
     * so {@code format('... FROM %I ... FOR UPDATE SKIP LOCKED) UPDATE %I ...', t, t)} locks the table it writes and a
     * second {@code %I} from another argument does not. A table named at run time may carry any table's triggers, so
     * {@code bodies} must then hold the triggers of every table on the events it may fire (see
     * {@link #writesTableNamedAtRunTime}).
     *
     * @param statement the waiting statement
     * @param bodies the bodies of the SQL and PL/pgSQL functions it may run; empty to read the statement alone
     * @param unreadable whether it may run a function in another procedural language
     * @return whether every row lock the statement and those functions ask for skips or fails when taken
     */
    public static boolean onlySkipOrFailOnLockedRows(String statement, List<String> bodies, boolean unreadable) {
        if (unreadable) {
            return false;
        }
        int skipping = 0;
        List<String> texts = new ArrayList<>();
        texts.add(statement);
        texts.addAll(bodies);
        for (int t = 0; t < texts.size(); t++) {
            List<String> tokens = tokens(texts.get(t));
            List<List<String>> pieces = pieces(withoutStrings(tokens));
            if (t > 0) {
                for (String dynamic : dynamicStatements(tokens)) {
                    if (dynamic == null) {
                        return false;
                    }
                    pieces.addAll(pieces(words(dynamic)));
                }
            }
            Set<String> locked = new LinkedHashSet<>();
            for (List<String> piece : pieces) {
                if (lockingClauses(piece) > 0) {
                    if (!onlySkipOrFail(piece)) {
                        return false;
                    }
                    skipping++;
                    locked.addAll(lockedTables(piece));
                }
            }
            for (List<String> piece : pieces) {
                if (!locked.containsAll(queueingWriteTargets(piece))) {
                    return false;
                }
            }
        }
        return skipping > 0;
    }

    /** Words that end a FROM list. */
    private static final Set<String> FROM_ENDS = Set.of("WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT",
            "OFFSET", "FETCH", "FOR", "UNION", "INTERSECT", "EXCEPT");

    /**
     * The tables whose rows the locking clauses of a statement lock: those of the FROM list of each SELECT that ends
     * in one (its {@code OF} list is not followed to the tables its aliases stand for, so a table joined to the locked
     * one counts too).
     */
    private static Set<String> lockedTables(List<String> words) {
        Set<String> tables = new LinkedHashSet<>();
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).equals("FOR") && strengthEnd(words, i + 1) >= 0) {
                tables.addAll(fromList(words, selectOf(words, i), i));
            }
        }
        return tables;
    }

    /** @return the index of the SELECT, at the same depth of parentheses, that the word at {@code at} belongs to */
    private static int selectOf(List<String> words, int at) {
        int depth = 0;
        for (int i = at - 1; i >= 0; i--) {
            String word = words.get(i);
            if (word.equals(")")) {
                depth++;
            } else if (word.equals("(")) {
                if (depth == 0) {
                    return i + 1;
                }
                depth--;
            } else if (depth == 0 && word.equals("SELECT")) {
                return i;
            }
        }
        return 0;
    }

    /** The tables named after FROM, JOIN, or a comma of the FROM list, between two indexes, outside parentheses. */
    private static Set<String> fromList(List<String> words, int from, int to) {
        Set<String> tables = new LinkedHashSet<>();
        int depth = 0;
        boolean inFrom = false;
        boolean table = false;
        for (int i = from; i < to; i++) {
            String word = words.get(i);
            if (word.equals("(") || word.equals(")")) {
                depth += word.equals("(") ? 1 : -1;
                // a sub-select in the FROM list: its alias is not a table
                table = false;
            } else if (depth != 0) {
                continue;
            } else if (word.equals("FROM") || word.equals("JOIN") || inFrom && word.equals(",")) {
                inFrom = true;
                table = true;
            } else if (FROM_ENDS.contains(word)) {
                inFrom = false;
                table = false;
            } else if (table && (word.equals("ONLY") || word.equals("LATERAL"))) {
                continue;
            } else if (table) {
                table = false;
                while (at(words, i + 1, ".")) {
                    i += 2;
                }
                if (i < to && isName(words.get(i))) {
                    tables.add(name(words.get(i)));
                }
            }
        }
        return tables;
    }

    /**
     * The tables a statement writes in a way that can wait for a row another transaction holds: those of its
     * {@code UPDATE}, {@code DELETE} and {@code MERGE}, and of an {@code INSERT} with {@code ON CONFLICT} (a plain
     * {@code INSERT} waits only on another insert of the same unique key). "" for one not named by a plain name.
     */
    private static List<String> queueingWriteTargets(List<String> words) {
        return writeTargets(words, !words.contains("CONFLICT"));
    }

    /**
     * @param leaveOutInserts whether to leave out the tables of {@code INSERT}s
     * @return the tables a statement writes, in order ("" where one is not a name)
     */
    private static List<String> writeTargets(List<String> words, boolean leaveOutInserts) {
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String before = i > 0 ? words.get(i - 1) : "";
            // FOR [NO KEY] UPDATE locks; DO UPDATE and THEN UPDATE / DELETE write the INSERT's or MERGE's table
            boolean ofAnother = before.equals("FOR") || before.equals("KEY") || before.equals("DO")
                    || before.equals("THEN");
            int at = word.equals("UPDATE") && !ofAnother ? i + 1
                    : word.equals("DELETE") && !ofAnother || word.equals("MERGE")
                            || word.equals("INSERT") && !leaveOutInserts ? i + 2 : -1;
            if (at >= 0) {
                targets.add(tableAt(words, at));
            }
        }
        return targets;
    }

    private static String tableAt(List<String> words, int at) {
        if (at(words, at, "ONLY")) {
            at++;
        }
        while (at(words, at + 1, ".")) {
            at += 2;
        }
        return at < words.size() && isName(words.get(at)) ? name(words.get(at)) : "";
    }

    private static List<List<String>> pieces(List<String> words) {
        List<List<String>> pieces = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= words.size(); i++) {
            if (i == words.size() || words.get(i).equals(";")) {
                pieces.add(words.subList(from, i));
                from = i + 1;
            }
        }
        return pieces;
    }

    private static int lockingClauses(List<String> words) {
        int clauses = 0;
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).equals("FOR") && strengthEnd(words, i + 1) >= 0) {
                clauses++;
            }
        }
        return clauses;
    }

    /**
     * @param sql a statement or a function's body
     * @return the names it calls (a word followed by an opening parenthesis), unquoted ones in lower case, as
     *     {@code pg_proc.proname} holds them; keywords such as {@code IN} or {@code VALUES} come too
     */
    public static Set<String> calledNames(String sql) {
        List<String> words = readableWords(sql);
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i + 1).equals("(") && isName(words.get(i))) {
                names.add(name(words.get(i)));
            }
        }
        return names;
    }

    /**
     * @param sql a statement or a function's body
     * @return every name in it, unquoted ones in lower case, as {@code pg_class.relname} holds them
     */
    public static Set<String> names(String sql) {
        return names(readableWords(sql));
    }

    private static Set<String> names(List<String> words) {
        Set<String> names = new LinkedHashSet<>();
        for (String word : words) {
            if (isName(word)) {
                names.add(name(word));
            }
        }
        return names;
    }

    /**
     * @param sql a statement or a function's body
     * @return the {@code pg_trigger.tgtype} bits of the events it may fire: 4 for {@code INSERT}, 8 for
     *     {@code DELETE}, 16 for {@code UPDATE} ({@code FOR UPDATE} counts too, which can only add triggers), all three
     *     for {@code MERGE}
     */
    public static int triggerEvents(String sql) {
        List<String> words = readableWords(sql);
        int events = 0;
        if (words.contains("INSERT")) {
            events |= 4;
        }
        if (words.contains("DELETE")) {
            events |= 8;
        }
        if (words.contains("UPDATE")) {
            events |= 16;
        }
        if (words.contains("MERGE")) {
            events |= 4 | 8 | 16;
        }
        return events;
    }

    private static boolean isName(String word) {
        char first = word.charAt(0);
        return first == '"' ? word.length() > 2 : Character.isLetter(first) || first == '_';
    }

    private static String name(String word) {
        return word.startsWith("\"") ? word.substring(1, word.length() - 1).replace("\"\"", "\"")
                : word.toLowerCase(Locale.ROOT);
    }

    /** @return the index after {@code UPDATE}, {@code NO KEY UPDATE}, {@code SHARE} or {@code KEY SHARE}, or -1 */
    private static int strengthEnd(List<String> words, int from) {
        for (List<String> strength : STRENGTHS) {
            boolean matches = true;
            for (int k = 0; k < strength.size(); k++) {
                if (!at(words, from + k, strength.get(k))) {
                    matches = false;
                    break;
                }
            }
            if (matches) {
                return from + strength.size();
            }
        }
        return -1;
    }

    /** Skips {@code OF table [, table ...]}, tables possibly schema-qualified. */
    private static int tablesEnd(List<String> words, int from) {
        if (!at(words, from, "OF")) {
            return from;
        }
        int i = from + 1;
        while (i < words.size()) {
            i++;
            while (at(words, i, ".")) {
                i += 2;
            }
            if (!at(words, i, ",")) {
                return i;
            }
            i++;
        }
        return i;
    }

    private static boolean at(List<String> words, int index, String word) {
        return index < words.size() && words.get(index).equals(word);
    }

    /**
     * Words in upper case, a quoted identifier as one word {@code "..."}, and each other character as one word;
     * strings, comments and blanks dropped.
     */
    static List<String> words(String sql) {
        return withoutStrings(tokens(sql));
    }

    private static List<String> withoutStrings(List<String> tokens) {
        return tokens.stream().filter(token -> token.charAt(0) != STRING).collect(Collectors.toList());
    }

    /**
     * The words of a text and of the statements it runs through {@code EXECUTE}, as far as they can be read (see
     * {@link #dynamicStatements}): what may fire triggers or call functions.
     */
    private static List<String> readableWords(String sql) {
        List<String> tokens = tokens(sql);
        List<String> words = withoutStrings(tokens);
        for (String dynamic : dynamicStatements(tokens)) {
            if (dynamic != null) {
                words.addAll(words(dynamic));
            }
        }
        return words;
    }

    /** Starts a token that is a string's content ({@code 'x'}, {@code E'x'}, {@code $$x$$}); never starts a word. */
    private static final char STRING = '\'';

    /** Words in which an {@code EXECUTE}'s expression ends, outside parentheses (or a semicolon). */
    private static final Set<String> EXPRESSION_ENDS = Set.of("INTO", "USING", "LOOP", ";");

    /** {@code format()}'s placeholders ({@code %I}, {@code %s}, {@code %L}, {@code %2$I}, {@code %-10s}). */
    private static final Pattern FORMAT_PLACEHOLDER = Pattern.compile("%(\\d+\\$)?-?(\\d+|\\*)?[sIL]");

    /**
     * The statements a PL/pgSQL body runs through {@code EXECUTE}, read from the string literals of each one's
     * expression in order (so {@code EXECUTE 'SELECT id FROM jobs' || ' FOR UPDATE NOWAIT'} and
     * {@code EXECUTE format('SELECT id FROM %I FOR UPDATE SKIP LOCKED', t)} read as the statements they build). What
     * stands between the literals (a variable, {@code quote_literal(x)}, {@code format}'s placeholders) becomes one
     * placeholder name of its own (see {@link #isPlaceholder}): a table named that way is not known.
     *
     * @return one text per {@code EXECUTE}, or null for one with no literal at all ({@code EXECUTE sql}), whose
     *     statement cannot be read
     */
    static List<String> dynamicStatements(List<String> tokens) {
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (!tokens.get(i).equals("EXECUTE") || at(tokens, i + 1, "FUNCTION") || at(tokens, i + 1, "PROCEDURE")) {
                continue;
            }
            List<String> expression = expression(tokens, i + 1);
            if (expression.size() == 1 && isName(expression.get(0))) {
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
            if (at(tokens, k, ":") && at(tokens, k + 1, "=")) {
                values.add(expression(tokens, k + 2));
            } else if (at(tokens, k, "=") && k == i + 1 || at(tokens, k, "DEFAULT")) {
                values.add(expression(tokens, k + 1));
            }
        }
        return values;
    }

    /** Words after which a PL/pgSQL statement or declaration starts. */
    private static final Set<String> STATEMENT_STARTS = Set.of(";", "DECLARE", "BEGIN", "THEN", "ELSE", "LOOP");

    /**
     * @return the statement an expression builds from its literals, or null when it has none. A literal that is
     *     {@code format()}'s first argument has each of its placeholders stand for the argument it takes, so that
     *     {@code format('... FROM %I ... UPDATE %I', t, t)} names one table twice.
     */
    private static String built(List<String> expression) {
        StringBuilder text = new StringBuilder();
        List<String> between = new ArrayList<>();
        boolean literal = false;
        for (int i = 0; i < expression.size(); i++) {
            String token = expression.get(i);
            if (token.charAt(0) != STRING) {
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
                argument.add(token.charAt(0) == STRING ? "'" + token.substring(1) + "'" : token);
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
            matcher.appendReplacement(text, Matcher.quoteReplacement(" " + placeholder(argument) + " "));
        }
        matcher.appendTail(text);
        return text.toString().replace("%%", "%");
    }

    /** @return a quoted name standing for these tokens of an expression, or "" for none */
    private static String placeholder(List<String> tokens) {
        if (tokens.isEmpty()) {
            return "";
        }
        return " \"" + PLACEHOLDER_OPENS + String.join(" ", tokens).replace("\"", "\"\"") + "\u203a\" ";
    }

    private static final String PLACEHOLDER_OPENS = "\u2039";

    /**
     * @param sql a statement or a function's body
     * @return whether a statement it runs through {@code EXECUTE} writes a table named at run time (see
     *     {@link #dynamicStatements}): the triggers of every table on the events it may fire can run
     */
    public static boolean writesTableNamedAtRunTime(String sql) {
        for (String dynamic : dynamicStatements(tokens(sql))) {
            if (dynamic != null && writeTargets(words(dynamic), false).stream().anyMatch(LockingClauses::isPlaceholder)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a name stands for what a dynamic statement's text leaves to run time (see {@link #dynamicStatements}). */
    private static boolean isPlaceholder(String name) {
        return name.startsWith(PLACEHOLDER_OPENS);
    }

    /**
     * Words in upper case, a quoted identifier as one word {@code "..."}, each string's content as one token
     * starting with {@link #STRING}, and each other character as one word; comments and blanks dropped.
     */
    static List<String> tokens(String sql) {
        List<String> words = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            i = SqlLexing.blanksEnd(sql, i);
            if (i >= n) {
                break;
            }
            char c = sql.charAt(i);
            if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e');
                int end = SqlLexing.quotedEnd(sql, i, '\'', escapes);
                boolean closed = end > i + 1 && sql.charAt(end - 1) == '\'';
                String content = sql.substring(i + 1, closed ? end - 1 : end);
                words.add(STRING + (escapes ? content.replace("''", "'").replaceAll("\\\\(.)", "$1") : content.replace("''", "'")));
                i = end;
            } else if (c == '"') {
                int end = SqlLexing.quotedEnd(sql, i, '"', false);
                words.add(sql.substring(i, end));
                i = end;
            } else if (c == '$' && SqlLexing.dollarQuoteEnd(sql, i) > 0) {
                int end = SqlLexing.dollarQuoteEnd(sql, i);
                String tag = sql.substring(i, sql.indexOf('$', i + 1) + 1);
                boolean closed = end - tag.length() >= i + tag.length() && sql.startsWith(tag, end - tag.length());
                words.add(STRING + sql.substring(i + tag.length(), closed ? end - tag.length() : end));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
                        || sql.charAt(end) == '$')) {
                    end++;
                }
                words.add(sql.substring(i, end).toUpperCase(Locale.ROOT));
                i = end;
            } else {
                words.add(String.valueOf(c));
                i++;
            }
        }
        return words;
    }
}
