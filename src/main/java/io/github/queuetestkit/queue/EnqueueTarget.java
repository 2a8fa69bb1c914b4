package io.github.queuetestkit.queue;

import io.github.queuetestkit.base.Identifiers;
import io.github.queuetestkit.postgres.internal.RelationCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The relation a {@link Jobs} selection reads, as the catalog knows it, and which relations an INSERT can go through
 * to put rows in it. Both halves of "enqueued in at most N round trips" read one relation this way: the count reads
 * {@link Jobs#quotedTable()}, and a captured statement's INSERT counts only when the name it wrote resolves, on the
 * same database and search path, to a relation whose rows can land there. So {@code "Jobs"} is not {@code jobs},
 * {@code archive.jobs} is not {@code public.jobs}, an insert into a partitioned parent counts for its partition, and
 * an insert into a table counts for a view over it (and the other way round).
 */
final class EnqueueTarget {

    private final Set<Long> base;
    private final Set<Long> above;
    private final Map<String, Boolean> answers = new HashMap<>();

    private EnqueueTarget(Set<Long> base, Set<Long> above) {
        this.base = base;
        this.above = above;
    }

    /**
     * @param connection a connection to the database the jobs live in, unrecorded
     * @param jobs the selection
     * @return its table as the catalog knows it; one that reaches nothing when no relation has that name
     * @throws SQLException from the driver
     */
    static EnqueueTarget of(Connection connection, Jobs jobs) throws SQLException {
        Optional<RelationCatalog.Relation> table = RelationCatalog.find(connection, jobs.quotedTable());
        if (table.isEmpty()) {
            return new EnqueueTarget(Set.of(), Set.of());
        }
        return new EnqueueTarget(base(connection, table.get()),
                RelationCatalog.reach(connection, jobs.quotedTable()));
    }

    /**
     * Rows inserted into relation R land in the jobs table T when a table beneath R (R itself, or the tables a view R
     * reads) is T's table or one above it (a partitioned parent routes rows down to T), or when T's table is one of
     * R's tables or above them (T is a parent or view of what R writes). A sibling partition is neither.
     *
     * @param connection the connection {@link #of} read the jobs table with
     * @param written a table name as a captured statement wrote it (unquoted parts lower-cased, quoted parts kept)
     * @param searchPath the search_path of the statement's session, or null for the connection's own
     * @return true when an INSERT into that name can put rows in the jobs table
     * @throws SQLException from the driver
     */
    boolean receivesRowsInsertedInto(Connection connection, String written, String searchPath) throws SQLException {
        String key = searchPath == null ? written : searchPath + '\u0000' + written;
        Boolean known = answers.get(key);
        if (known != null) {
            return known;
        }
        String name = Identifiers.quoteEachPart(written);
        boolean receives = RelationCatalog.onSearchPath(connection, searchPath, c -> {
            Optional<RelationCatalog.Relation> relation = RelationCatalog.find(c, name);
            return relation.isPresent() && (!Collections.disjoint(base(c, relation.get()), above)
                    || !Collections.disjoint(base, RelationCatalog.reach(c, name)));
        });
        answers.put(key, receives);
        return receives;
    }

    // The tables at the bottom: a view stands for the tables it reads, anything else for itself.
    private static Set<Long> base(Connection connection, RelationCatalog.Relation relation) throws SQLException {
        if (!relation.isView()) {
            return Set.of(relation.oid());
        }
        Set<Long> tables = new HashSet<>();
        List<RelationCatalog.Relation> read = RelationCatalog.tablesReadBy(connection, relation.oid());
        read.forEach(t -> tables.add(t.oid()));
        return tables;
    }
}
