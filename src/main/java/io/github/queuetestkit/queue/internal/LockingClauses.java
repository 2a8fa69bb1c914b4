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
        return onlySkipOrFail(words(sql));
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
     * The rule for a statement that runs functions: its own text and the bodies of the SQL and PL/pgSQL functions it
     * may run (those it calls, the triggers of the tables it names on what it writes, and so on down), split at their
     * semicolons. Each piece with a locking clause must take its rows with {@code SKIP LOCKED} or {@code NOWAIT} only,
     * and there must be one such piece. Each piece that writes rows ({@code UPDATE}, {@code DELETE}, {@code MERGE},
     * {@code INSERT ... ON CONFLICT}) without such a clause queues, unless its table is one a skipping piece of the
     * same text names: the two-step dequeue ({@code SELECT ... FOR UPDATE SKIP LOCKED INTO id}, then
     * {@code UPDATE jobs ... WHERE id = id}) updates the row it locked, a trigger that counts dequeues in a table of
     * its own queues. A plain {@code INSERT} does not queue (it waits only on another insert of the same unique key),
     * so a dequeue function that logs what it took still skips. A statement a body runs through {@code EXECUTE} is
     * read from the string literals that build it (see {@link #dynamicStatements}); one built without a literal
     * ({@code EXECUTE sql}), or one that writes a table named at run time (whose triggers cannot be known), cannot be
     * read, and a function in another procedural language neither: any of these makes the statement read as not
     * skipping.
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
        if (bodies.isEmpty()) {
            return onlySkipOrFailOnLockedRows(statement);
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
                for (List<String> piece : pieces) {
                    if (isPlaceholder(writeTarget(piece))) {
                        // a table named at run time: which triggers its write fires cannot be read
                        return false;
                    }
                }
            }
            Set<String> locked = new LinkedHashSet<>();
            for (List<String> piece : pieces) {
                if (lockingClauses(piece) > 0) {
                    if (!onlySkipOrFail(piece)) {
                        return false;
                    }
                    skipping++;
                    locked.addAll(names(piece));
                }
            }
            for (List<String> piece : pieces) {
                if (lockingClauses(piece) == 0 && writes(piece) && !locked.contains(writeTarget(piece))) {
                    return false;
                }
            }
        }
        return skipping > 0;
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

    /** Whether a statement writes rows in a way that can wait for a row another transaction holds. */
    private static boolean writes(List<String> words) {
        return words.contains("UPDATE") || words.contains("DELETE") || words.contains("MERGE")
                || words.contains("INSERT") && words.contains("CONFLICT");
    }

    /** The table a writing statement names first ({@code UPDATE t}, {@code DELETE FROM t}, {@code INTO t}), or "". */
    private static String writeTarget(List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            int at = word.equals("UPDATE") ? i + 1
                    : (word.equals("DELETE") || word.equals("INSERT") || word.equals("MERGE")) ? i + 2 : -1;
            if (at < 0) {
                continue;
            }
            if (at(words, at, "ONLY")) {
                at++;
            }
            while (at(words, at + 1, ".")) {
                at += 2;
            }
            return at < words.size() && isName(words.get(at)) ? name(words.get(at)) : "";
        }
        return "";
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
            StringBuilder text = new StringBuilder();
            List<String> between = new ArrayList<>();
            boolean literal = false;
            int depth = 0;
            for (int j = i + 1; j < tokens.size(); j++) {
                String token = tokens.get(j);
                if (depth <= 0 && EXPRESSION_ENDS.contains(token)) {
                    break;
                }
                depth += token.equals("(") ? 1 : token.equals(")") ? -1 : 0;
                if (token.charAt(0) == STRING) {
                    text.append(placeholder(between)).append(' ').append(FORMAT_PLACEHOLDER.matcher(token.substring(1))
                            .replaceAll(m -> Matcher.quoteReplacement(" " + placeholder(List.of(m.group())) + " ")))
                            .append(' ');
                    between.clear();
                    literal = true;
                } else if (!token.equals("|")) {
                    between.add(token);
                }
            }
            text.append(placeholder(between));
            statements.add(literal ? text.toString().replace("%%", "%") : null);
        }
        return statements;
    }

    /** @return a quoted name standing for these tokens of an expression, or "" for none */
    private static String placeholder(List<String> tokens) {
        if (tokens.isEmpty()) {
            return "";
        }
        return " \"" + PLACEHOLDER_OPENS + String.join(" ", tokens).replace("\"", "\"\"") + "\u203a\" ";
    }

    private static final String PLACEHOLDER_OPENS = "\u2039";

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
