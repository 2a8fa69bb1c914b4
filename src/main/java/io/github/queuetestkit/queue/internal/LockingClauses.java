package io.github.queuetestkit.queue.internal;

import io.github.queuetestkit.base.SqlLexing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        List<String> words = words(sql);
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
                i = SqlLexing.quotedEnd(sql, i, '\'', i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e'));
            } else if (c == '"') {
                int end = SqlLexing.quotedEnd(sql, i, '"', false);
                words.add(sql.substring(i, end));
                i = end;
            } else if (c == '$' && SqlLexing.dollarQuoteEnd(sql, i) > 0) {
                i = SqlLexing.dollarQuoteEnd(sql, i);
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
