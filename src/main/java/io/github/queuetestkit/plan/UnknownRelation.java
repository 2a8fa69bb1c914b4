package io.github.queuetestkit.plan;

import java.util.List;
import java.util.Map;

/**
 * Messages for an index or table named in an assertion that the database does not have: bad input, so they go into
 * a {@link io.github.queuetestkit.QueueTestkitException}, never an assertion failure, and list what does exist.
 */
final class UnknownRelation {

    private UnknownRelation() {
    }

    /**
     * @param indexesByTable the tables the statement reads, each with its indexes
     */
    static String index(String assertion, String index, Map<String, List<String>> indexesByTable) {
        return "Index " + PlanMessages.quoted(index) + " does not exist, so " + assertion + " cannot be checked (a"
                + " misspelled index must not pass as \"not used\"). " + listing(indexesByTable);
    }

    static String notAnIndex(String assertion, String name, String kind) {
        return PlanMessages.quoted(name) + " is a " + kind + ", not an index, so " + assertion + " cannot be checked;"
                + " to check that a table is read through an index use usesIndexOn(" + PlanMessages.quoted(name) + ").";
    }

    static String indexOfAnotherTable(String assertion, String index, String itsTable, String table) {
        return "Index " + PlanMessages.quoted(index) + " is on " + PlanMessages.quoted(itsTable) + ", not on "
                + PlanMessages.quoted(table) + ", a table it stands for or one that stands for it, so " + assertion + " cannot show that the"
                + " index keeps the Seq Scan off " + PlanMessages.quoted(table) + "; name an index of "
                + PlanMessages.quoted(table) + ", qualified with its schema when another schema has one of the same"
                + " name.";
    }

    static String notATable(String assertion, String name, String kind) {
        return PlanMessages.quoted(name) + " is " + article(kind) + " " + kind + ", not a table, so " + assertion
                + " cannot be checked; name the table it belongs to"
                + (kind.contains("index") ? ", or check the index with usesIndex(" + PlanMessages.quoted(name) + ")."
                        : ".");
    }

    static String viewWithoutTables(String assertion, String view) {
        return "View " + PlanMessages.quoted(view) + " reads no table (it selects only constants or functions), so "
                + assertion + " cannot be checked: a plan of it never scans a table. Name the table the view's"
                + " functions read, and assert on the statements that read it.";
    }

    private static String article(String kind) {
        return "aeiou".indexOf(kind.charAt(0)) >= 0 ? "an" : "a";
    }

    static String table(String assertion, String table, Map<String, List<String>> indexesByTable) {
        return "Table " + PlanMessages.quoted(table) + " does not exist, so " + assertion + " cannot be checked (a"
                + " misspelled table must not pass). " + listing(indexesByTable);
    }

    static String tableWithoutDatabase(String assertion, String table, List<String> tables) {
        return "Table " + PlanMessages.quoted(table) + " does not appear in the plan, and a plan parsed from JSON has"
                + " no database to check that it exists, so " + assertion + " cannot be checked. Tables in the plan: "
                + (tables.isEmpty() ? "none" : String.join(", ", tables)) + ".";
    }

    private static String listing(Map<String, List<String>> indexesByTable) {
        if (indexesByTable.isEmpty()) {
            return "The statement reads no table.";
        }
        StringBuilder s = new StringBuilder("Indexes on the tables the statement reads:");
        indexesByTable.forEach((table, indexes) -> s.append("\n  ").append(table).append(": ")
                .append(indexes.isEmpty() ? "(no indexes)" : String.join(", ", indexes)));
        return s.toString();
    }
}
