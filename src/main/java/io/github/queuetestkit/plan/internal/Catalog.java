package io.github.queuetestkit.plan.internal;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.postgres.internal.RelationCatalog;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * Catalog facts plan assertions need to tell a typo from a real "not used" and to read a name as the user means it:
 * does a relation exist, which table an index belongs to, which indexes a table has, which partitions, inheritance
 * children or (for a view) tables a name stands for. Names resolve on the {@code search_path} the plan was taken
 * with; what a name stands for is looked up once per catalog (one per {@code Plans}).
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class Catalog {

    private final PlanSource source;
    private final String searchPath;
    private final Map<String, Optional<RelationCatalog.Coverage>> coverages = new ConcurrentHashMap<>();

    /**
     * @param source the database to look in
     * @param searchPath the {@code search_path} the plan was taken with ({@code Explain.withSetting}), or null for the
     *     connection's own
     */
    public Catalog(PlanSource source, String searchPath) {
        this.source = source;
        this.searchPath = searchPath;
    }

    /**
     * @param name a relation name as the user wrote it, optionally schema-qualified
     * @return the relation, empty when none has that name on the search path
     */
    public Optional<RelationCatalog.Relation> find(String name) {
        return query("look up " + name, c -> RelationCatalog.find(c, name));
    }

    /**
     * @param name a relation name as the user wrote it
     * @return what it stands for (partitions, inheritance children, a view's tables), empty when it does not exist
     */
    public Optional<RelationCatalog.Coverage> cover(String name) {
        return coverages.computeIfAbsent(name, n -> query("look up " + n, c -> RelationCatalog.cover(c, n)));
    }

    /**
     * @param table a table name
     * @return its indexes as "name (btree (run_at))", by name; empty when it has none or does not exist
     */
    public List<String> indexesOn(String table) {
        return query("list the indexes of " + table, c -> RelationCatalog.indexesOn(c, table));
    }

    private <T> T query(String what, PlanSource.Work<T> lookup) {
        try {
            return source.use(connection -> {
                if (searchPath == null) {
                    return lookup.run(connection);
                }
                return RolledBack.run(connection, c -> {
                    try (PreparedStatement s = c.prepareStatement("SELECT set_config('search_path', ?, true)")) {
                        s.setString(1, searchPath);
                        s.executeQuery().close();
                    }
                    return lookup.run(c);
                });
            });
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not " + what + " in the catalog, to tell a missing index or table"
                    + " from a typo: " + e.getMessage(), e);
        }
    }
}
