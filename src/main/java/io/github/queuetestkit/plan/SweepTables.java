package io.github.queuetestkit.plan;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.plan.internal.ExplainRunner;
import io.github.queuetestkit.plan.internal.PlanSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a sweep measures the tables of each scale. A sweep loads each scale into a schema of its own and relies
 * on the search_path to point the statement there; a schema-qualified table or a search_path setting reads the same
 * table at every scale, and every growth and shape check would pass on it.
 */
final class SweepTables {

    private SweepTables() {
    }

    /**
     * Refuses a search_path setting before anything is loaded.
     *
     * @param dataset the dataset swept
     * @param explain the statement and its settings
     * @throws InvalidConfigurationException when the settings set search_path
     */
    static void refuseSearchPath(String dataset, Explain explain) {
        for (Map.Entry<String, String> setting : explain.settings().entrySet()) {
            if (setting.getKey().strip().equalsIgnoreCase("search_path")) {
                throw new InvalidConfigurationException(SweepRefusals.searchPath(dataset, setting.getValue(),
                        explain.sql()));
            }
        }
    }

    /**
     * Plans the statement once more with VERBOSE, without executing it (the only EXPLAIN that names each table's
     * schema), and checks the tables it reads against the scale's schema.
     *
     * @param dataset the dataset swept
     * @param scale the scale just planned
     * @param schema the scale's schema
     * @param plans the plans taken there
     * @throws InvalidConfigurationException when a table of the scale's schema is read from another schema, or when
     *     the plan reads tables but none of the scale's
     */
    static void check(String dataset, long scale, String schema, Plans plans) {
        PlanSource source = plans.source().orElseThrow();
        Set<String> read = new LinkedHashSet<>();
        Set<String> readElsewhere = new LinkedHashSet<>();
        boolean readsTheScale = false;
        List<String> loaded = tablesOf(source, schema);
        Set<String> loadedNames = new LinkedHashSet<>();
        loaded.forEach(name -> loadedNames.add(name.toLowerCase(Locale.ROOT)));
        for (Plan plan : ExplainRunner.explainVerboseWithoutExecuting(source, plans.request())) {
            for (PlanNode node : plan.nodes().filter(n -> n.relationName() != null && n.schema() != null).toList()) {
                String qualified = node.schema() + "." + node.relationName();
                read.add(qualified);
                if (node.schema().equals(schema)) {
                    readsTheScale = true;
                } else if (loadedNames.contains(node.relationName().toLowerCase(Locale.ROOT))) {
                    readElsewhere.add(qualified);
                }
            }
        }
        if (!readElsewhere.isEmpty()) {
            List<String> atScale = readElsewhere.stream()
                    .map(name -> schema + "." + name.substring(name.lastIndexOf('.') + 1)).distinct().toList();
            throw new InvalidConfigurationException(SweepRefusals.readsAnotherSchema(dataset, scale,
                    List.copyOf(readElsewhere), atScale, plans.request().sql()));
        }
        if (!read.isEmpty() && !readsTheScale) {
            throw new InvalidConfigurationException(SweepRefusals.readsNoTableOfTheScale(dataset, scale, schema,
                    List.copyOf(read), loaded, plans.request().sql()));
        }
    }

    /** The tables, partitioned tables, views and materialized views of the schema, by name. */
    private static List<String> tablesOf(PlanSource source, String schema) {
        try {
            return source.use(c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT c.relname FROM pg_class c JOIN pg_namespace n"
                        + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
                        + " AND NOT c.relispartition ORDER BY c.relname")) {
                    s.setString(1, schema);
                    List<String> names = new ArrayList<>();
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            names.add(rs.getString(1));
                        }
                    }
                    return names;
                }
            });
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not list the tables of the sweep's schema " + schema + ": "
                    + e.getMessage(), e);
        }
    }
}
