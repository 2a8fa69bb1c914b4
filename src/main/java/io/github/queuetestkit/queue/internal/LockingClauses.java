package io.github.queuetestkit.queue.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        return onlySkipOrFailOnLockedRows(sql, List.of(), false, Map.of());
    }

    /**
     * @param sql a statement
     * @return whether it has a row-locking clause and each says {@code SKIP LOCKED} or {@code NOWAIT}, whatever it
     *     writes (unlike {@link #onlySkipOrFailOnLockedRows(String)})
     */
    public static boolean locksOnlyWithSkipOrFail(String sql) {
        return onlySkipOrFail(SqlWords.words(sql));
    }

    /**
     * @param sql a statement
     * @return whether it inserts rows and takes no row lock itself: it waits only where another transaction
     *     inserted the same unique key (or, with {@code ON CONFLICT DO UPDATE}, holds the conflicting row)
     */
    public static boolean insertsWithoutLocking(String sql) {
        List<String> words = SqlWords.words(sql);
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
            boolean skips = SqlWords.at(words, after, "SKIP") && SqlWords.at(words, after + 1, "LOCKED");
            boolean fails = SqlWords.at(words, after, "NOWAIT");
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
     * of the same text locks (a table of the FROM list of the SELECT the clause ends, only those its {@code OF}
     * names when it has one), at rows it names by a unique key (see {@code Write.onlyRowsItLocked}): the two-step dequeue
     * ({@code SELECT ... FOR UPDATE SKIP LOCKED INTO id}, then {@code UPDATE jobs ... WHERE id = id}) updates the row
     * it locked, while a dequeue that also counts in a shared row ({@code WITH next AS (... FOR UPDATE SKIP LOCKED),
     * c AS (UPDATE counts ...)}), or whose trigger does, queues there. A plain {@code INSERT} does not queue (it waits
     * only on another insert of the same unique key), so a dequeue that logs what it took still skips.
     *
     * <p>A statement a body runs through {@code EXECUTE} is read from the string literals that build it, directly or
     * assigned to the variable it runs (see {@link DynamicSql#dynamicStatements}); one built without a literal cannot
     * be read, and a function in another procedural language neither: either makes the statement read as not skipping.
     * What lies between the literals, and each placeholder of {@code format()}, stands for the expression it is built
     * from, so {@code format('... FROM %I ... FOR UPDATE SKIP LOCKED) UPDATE %I ...', t, t)} locks the table it
     * writes and a second {@code %I} from another argument does not. A table named at run time may carry any table's
     * triggers, so {@code bodies} must then hold the triggers of every table on the events it may fire (see
     * {@link #writesTableNamedAtRunTime}).
     *
     * @param statement the waiting statement
     * @param bodies the bodies of the SQL and PL/pgSQL functions it may run; empty to read the statement alone
     * @param unreadable whether it may run a function in another procedural language
     * @param uniqueKeys the unique keys of the tables they name, by table name (see {@code Write.onlyRowsItLocked});
     *     a table missing here is one whose keys are not known
     * @return whether every row lock the statement and those functions ask for skips or fails when taken
     */
    public static boolean onlySkipOrFailOnLockedRows(String statement, List<String> bodies, boolean unreadable,
            Map<String, List<List<String>>> uniqueKeys) {
        if (unreadable) {
            return false;
        }
        int skipping = 0;
        List<String> texts = new ArrayList<>();
        texts.add(statement);
        texts.addAll(bodies);
        for (int t = 0; t < texts.size(); t++) {
            List<String> tokens = SqlWords.tokens(texts.get(t));
            List<List<String>> pieces = pieces(SqlWords.withoutStrings(tokens));
            if (t > 0) {
                for (String dynamic : DynamicSql.dynamicStatements(tokens)) {
                    if (dynamic == null) {
                        return false;
                    }
                    pieces.addAll(pieces(SqlWords.words(dynamic)));
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
                for (Write write : queueingWrites(piece)) {
                    if (!locked.contains(write.table()) || !write.onlyRowsItLocked(piece, uniqueKeys)) {
                        return false;
                    }
                }
            }
        }
        return skipping > 0;
    }

    /**
     * {@link #onlySkipOrFailOnLockedRows(String, List, boolean, Map)} with the keys of no table known.
     *
     * @param statement the waiting statement
     * @param bodies the bodies of the SQL and PL/pgSQL functions it may run
     * @param unreadable whether it may run a function in another procedural language
     * @return whether every row lock the statement and those functions ask for skips or fails when taken
     */
    public static boolean onlySkipOrFailOnLockedRows(String statement, List<String> bodies, boolean unreadable) {
        return onlySkipOrFailOnLockedRows(statement, bodies, unreadable, Map.of());
    }

    /** Words that end a FROM list. */
    private static final Set<String> FROM_ENDS = Set.of("WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT",
            "OFFSET", "FETCH", "FOR", "UNION", "INTERSECT", "EXCEPT");

    /**
     * The tables whose rows the locking clauses of a statement lock: those of the FROM list of each SELECT that ends
     * in one, or with {@code OF}, those it names there (by alias, or by name where the table has none). A table joined
     * to the locked one but left out of the {@code OF} list is not locked: a write to it queues.
     */
    private static Set<String> lockedTables(List<String> words) {
        Set<String> tables = new LinkedHashSet<>();
        for (int i = 0; i < words.size(); i++) {
            int strengthEnd = words.get(i).equals("FOR") ? strengthEnd(words, i + 1) : -1;
            if (strengthEnd < 0) {
                continue;
            }
            List<FromItem> items = fromList(words, selectOf(words, i), i);
            Set<String> of = ofList(words, strengthEnd);
            for (FromItem item : items) {
                if (of.isEmpty() || of.contains(item.alias() == null ? item.table() : item.alias())) {
                    tables.add(item.table());
                }
            }
        }
        return tables;
    }

    /** @return the names of a locking clause's {@code OF} list (the last part of each), empty when it has none */
    private static Set<String> ofList(List<String> words, int from) {
        Set<String> names = new LinkedHashSet<>();
        if (!SqlWords.at(words, from, "OF")) {
            return names;
        }
        int end = tablesEnd(words, from);
        for (int i = from + 1; i < end; i++) {
            String word = words.get(i);
            if (SqlWords.isName(word) && !SqlWords.at(words, i + 1, ".")) {
                names.add(SqlWords.name(word));
            }
        }
        return names;
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

    /** A table of a FROM list and its alias (null when it has none). */
    private record FromItem(String table, String alias) {
    }

    /** The tables named after FROM, JOIN, or a comma of the FROM list, between two indexes, outside parentheses. */
    private static List<FromItem> fromList(List<String> words, int from, int to) {
        List<FromItem> tables = new ArrayList<>();
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
            } else if (table && word.equals("LATERAL")) {
                continue;
            } else if (table) {
                table = false;
                String name = tableAt(words, i);
                if (!name.isEmpty()) {
                    tables.add(new FromItem(name, SqlWords.aliasAt(words, SqlWords.nameEnd(words, i))));
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
    private static List<Write> queueingWrites(List<String> words) {
        return writes(words, !words.contains("CONFLICT"));
    }

    private static List<String> writeTargets(List<String> words, boolean leaveOutInserts) {
        return writes(words, leaveOutInserts).stream().map(Write::table).toList();
    }

    /**
     * @param leaveOutInserts whether to leave out the tables of {@code INSERT}s
     * @return the writes of a statement, in order
     */
    private static List<Write> writes(List<String> words, boolean leaveOutInserts) {
        List<Write> writes = new ArrayList<>();
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
                writes.add(new Write(word, i, at, tableAt(words, at)));
            }
        }
        return writes;
    }

    private static String tableAt(List<String> words, int at) {
        int last = SqlWords.nameEnd(words, at) - 1;
        return last >= at && last < words.size() && SqlWords.isName(words.get(last)) ? SqlWords.name(words.get(last))
                : "";
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
            if (words.get(i + 1).equals("(") && SqlWords.isName(words.get(i))) {
                names.add(SqlWords.name(words.get(i)));
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
            if (SqlWords.isName(word)) {
                names.add(SqlWords.name(word));
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

    /** @return the index after {@code UPDATE}, {@code NO KEY UPDATE}, {@code SHARE} or {@code KEY SHARE}, or -1 */
    private static int strengthEnd(List<String> words, int from) {
        for (List<String> strength : STRENGTHS) {
            boolean matches = true;
            for (int k = 0; k < strength.size(); k++) {
                if (!SqlWords.at(words, from + k, strength.get(k))) {
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
        if (!SqlWords.at(words, from, "OF")) {
            return from;
        }
        int i = from + 1;
        while (i < words.size()) {
            i++;
            while (SqlWords.at(words, i, ".")) {
                i += 2;
            }
            if (!SqlWords.at(words, i, ",")) {
                return i;
            }
            i++;
        }
        return i;
    }

    /**
     * The words of a text and of the statements it runs through {@code EXECUTE}, as far as they can be read (see
     * {@link DynamicSql#dynamicStatements}): what may fire triggers or call functions.
     */
    private static List<String> readableWords(String sql) {
        List<String> tokens = SqlWords.tokens(sql);
        List<String> words = SqlWords.withoutStrings(tokens);
        for (String dynamic : DynamicSql.dynamicStatements(tokens)) {
            if (dynamic != null) {
                words.addAll(SqlWords.words(dynamic));
            }
        }
        return words;
    }

    /**
     * @param sql a statement or a function's body
     * @return whether a statement it runs through {@code EXECUTE} writes a table named at run time (see
     *     {@link DynamicSql#dynamicStatements}): the triggers of every table on the events it may fire can run
     */
    public static boolean writesTableNamedAtRunTime(String sql) {
        for (String dynamic : DynamicSql.dynamicStatements(SqlWords.tokens(sql))) {
            if (dynamic != null
                    && writeTargets(SqlWords.words(dynamic), false).stream().anyMatch(DynamicSql::isPlaceholder)) {
                return true;
            }
        }
        return false;
    }

}
