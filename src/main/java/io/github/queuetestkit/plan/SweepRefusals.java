package io.github.queuetestkit.plan;

import java.util.List;

/**
 * Wording of a sweep refused because it would measure the same tables at every scale: a search_path setting, or a
 * statement that reads tables outside the schema its scale was loaded into. Such a sweep would pass whatever the data
 * does, so it is refused with what to change.
 */
final class SweepRefusals {

    private static final String HOW = "Each scale is loaded into a schema of its own (qtk_sweep_<n>_<scale>) and the"
            + " statement is planned with that schema first on the search_path.";

    private SweepRefusals() {
    }

    /**
     * @param dataset the dataset swept
     * @param value the search_path given to {@code withSetting}
     * @param sql the statement
     */
    static String searchPath(String dataset, String value, String sql) {
        return "The sweep of " + dataset + " cannot take withSetting(\"search_path\", \"" + value + "\"). " + HOW
                + " A search_path of its own would make every scale read the same tables, and the sweep would pass"
                + " whatever the data.\n  " + sql + "\nDrop the search_path setting and write the dataset's tables"
                + " unqualified.";
    }

    /**
     * @param dataset the dataset swept
     * @param scale the scale planned
     * @param read the tables the plan read outside the scale's schema, schema-qualified
     * @param loaded the same tables in the scale's schema, schema-qualified
     * @param sql the statement
     */
    static String readsAnotherSchema(String dataset, long scale, List<String> read, List<String> loaded,
            String sql) {
        return "The sweep of " + dataset + " cannot measure this statement: at scale " + PlanMessages.number(scale)
                + " it reads " + String.join(", ", read) + ", not the " + (loaded.size() == 1 ? "table" : "tables")
                + " loaded for that scale (" + String.join(", ", loaded) + "), so every scale would read the same"
                + " data and the sweep would pass whatever the data.\n  " + sql + "\n" + HOW + " Write the"
                + " dataset's tables unqualified (" + unqualified(read) + ", not " + String.join(", ", read) + ").";
    }

    /**
     * @param dataset the dataset swept
     * @param scale the scale planned
     * @param schema the scale's schema
     * @param read the tables the plan read, schema-qualified, none of them in the scale's schema
     * @param loaded the tables of the scale's schema
     * @param sql the statement
     */
    static String readsNoTableOfTheScale(String dataset, long scale, String schema, List<String> read,
            List<String> loaded, String sql) {
        return "The sweep of " + dataset + " cannot measure this statement: at scale " + PlanMessages.number(scale)
                + " it reads only " + String.join(", ", read) + ", none of the tables loaded for that scale (in "
                + schema + ": " + (loaded.isEmpty() ? "none" : String.join(", ", loaded)) + "), so every scale would"
                + " read the same data and the sweep would pass whatever the data.\n  " + sql + "\n" + HOW
                + " Read the dataset's tables, written unqualified.";
    }

    private static String unqualified(List<String> qualified) {
        return String.join(", ", qualified.stream().map(name -> name.substring(name.lastIndexOf('.') + 1)).toList());
    }
}
