package io.github.queuetestkit.plan;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.plan.internal.Catalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Assertions on query plans. Reach it through {@code QueueTestkitAssertions.assertThatPlan}; every check applies to
 * every plan taken (custom, generic or both) and a failure names the plan that failed, the SQL and its parameters,
 * and shows the whole plan as psql prints it with the nodes at fault marked {@code >>}.
 *
 * <pre>{@code
 * assertThatPlan(dataSource, "SELECT * FROM jobs WHERE run_at <= now() ORDER BY priority, run_at LIMIT ?", 5)
 *         .usesIndex("jobs_priority_run_at")
 *         .hasNoSort()
 *         .rowsExaminedAtMost(50);
 * }</pre>
 *
 * <p>Index and table names are checked against the catalog when the plan came from a database: an assertion naming
 * an index or table that does not exist throws a {@link QueueTestkitException} listing the indexes that do, so a
 * typo never passes as "not used". Assertions that need measured values (rows examined, buffers, heap fetches,
 * sort spills, execution time) throw a {@link QueueTestkitException} on a plan taken without executing.
 *
 * <p>Verdicts: {@link #needsIndex} and {@link #hasNoSeqScanOnThanksTo} prove an index earns its keep by planning again
 * without it; {@link #canBeServedByIndex} asks the forced question ("can it serve?") instead of the natural one ("does
 * the planner choose it?"). Every failure of a plan taken from a database ends with the verdict facts: live and dead
 * tuples of its tables, tables analyzed before planning, a warning when the largest table has fewer than 10,000 rows
 * (also logged on a pass; {@link #allowingTinyTables()} turns it off), and how to reproduce it (server version,
 * settings, dataset recipes).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class PlanAssert extends AbstractAssert<PlanAssert, Plan> implements PlanChecks<PlanAssert> {

    private final Plans plans;
    private boolean tinyTablesAllowed;
    private boolean tinyTablesChecked;

    /**
     * @param plan one plan, e.g. parsed from stored JSON with {@link Plan#parse}
     */
    public PlanAssert(Plan plan) {
        this(Plans.of(Objects.requireNonNull(plan, "plan")));
    }

    /**
     * @param plans the plans of one statement; the first is AssertJ's "actual", every one is checked
     */
    public PlanAssert(Plans plans) {
        super(plans.all().get(0), PlanAssert.class);
        this.plans = plans;
    }

    /** @return every plan this assertion checks, with the request and database they came from */
    protected Plans plans() {
        return plans;
    }

    /**
     * Some node reads the index (Index Scan, Index Only Scan or Bitmap Index Scan).
     *
     * @param index the index name, optionally schema-qualified
     * @return this assertion
     * @throws QueueTestkitException when the database has no such index (listing the indexes it has)
     */
    public PlanAssert usesIndex(String index) {
        String assertion = "usesIndex(" + PlanMessages.quoted(index) + ")";
        NamedRelation named = NamedRelation.index(assertion, index, catalog(), actual);
        Optional<NamedRelation> table = named.indexedTable(catalog());
        return eachPlan((plan, name) -> {
            if (plan.nodes().anyMatch(named.readerIn(plan))) {
                return null;
            }
            List<PlanNode> scans = plan.nodesWhere(n -> n.isTableScan() && table.map(t -> t.isOn(n)).orElse(true));
            return ShouldUseIndex.index(name, index, table.orElse(null), scans, plan);
        });
    }

    /**
     * The table is read, and every scan of it goes through an index (Index Scan, Index Only Scan or Bitmap Heap
     * Scan): no Seq Scan of it.
     *
     * @param table the table name, optionally schema-qualified
     * @return this assertion
     * @throws QueueTestkitException when the database has no such table
     */
    public PlanAssert usesIndexOn(String table) {
        NamedRelation named = NamedRelation.table("usesIndexOn(" + PlanMessages.quoted(table) + ")", table, catalog(),
                actual);
        return eachPlan((plan, name) -> {
            List<PlanNode> scans = plan.nodesWhere(n -> n.isTableScan() && named.isOn(n));
            if (scans.isEmpty()) {
                return ShouldReadTable.throughIndex(name, named, plan);
            }
            if (scans.stream().allMatch(PlanAssert::throughIndex)) {
                return null;
            }
            return ShouldUseIndex.anyIndexOn(name, named, scans.stream().filter(n -> !throughIndex(n)).toList(), plan);
        });
    }

    /**
     * Some node is an Index Only Scan: the query is answered from an index without visiting the table (as long
     * as the visibility map is current; see {@link #heapFetchesAtMost}).
     *
     * @return this assertion
     */
    public PlanAssert usesIndexOnlyScan() {
        return eachPlan((plan, name) -> plan.nodesOfType("Index Only Scan").isEmpty()
                ? ShouldUseIndex.indexOnly(name, null, plan.nodesWhere(PlanNode::isTableScan), plan)
                : null);
    }

    /**
     * Each of the indexes is read by an Index Only Scan.
     *
     * @param indexes index names
     * @return this assertion
     * @throws QueueTestkitException when the database has no such index
     */
    public PlanAssert usesIndexOnlyScan(String... indexes) {
        for (String index : indexes) {
            NamedRelation named = NamedRelation.index("usesIndexOnlyScan(" + PlanMessages.quoted(index) + ")", index,
                    catalog(), actual);
            eachPlan((plan, name) -> {
                List<PlanNode> using = plan.nodesWhere(named.readerIn(plan));
                if (using.stream().anyMatch(n -> n.nodeType().equals("Index Only Scan"))) {
                    return null;
                }
                return ShouldUseIndex.indexOnly(name, index, using, plan);
            });
        }
        return myself;
    }




    /**
     * Every sort that ran stayed within {@code work_mem} (Sort Space Type Memory, not Disk).
     *
     * @return this assertion
     * @throws QueueTestkitException on a plan taken without executing
     */
    public PlanAssert sortsOnlyInMemory() {
        return eachPlan((plan, name) -> {
            requireAnalyzed("sortsOnlyInMemory()", plan);
            List<PlanNode> spilled = sorts(plan).stream().filter(n -> "Disk".equals(n.sortSpaceType())).toList();
            return spilled.isEmpty() ? null : ShouldSortInMemory.create(name, spilled, plan);
        });
    }

    /**
     * The plan has at least one node of each type.
     *
     * @param types node types as EXPLAIN prints them: "Index Only Scan", "Hash Join", "HashAggregate", "LockRows"
     * @return this assertion
     * @throws QueueTestkitException for a type name PostgreSQL does not use
     */
    public PlanAssert containsNodeType(String... types) {
        List<String> wanted = knownTypes("containsNodeType", types);
        return eachPlan((plan, name) -> {
            List<String> missing = wanted.stream().filter(t -> plan.nodesOfType(t).isEmpty()).toList();
            return missing.isEmpty() ? null : ShouldContainNodeType.create(name, missing, plan);
        });
    }

    /**
     * The plan has no node of any of these types.
     *
     * @param types node types as EXPLAIN prints them
     * @return this assertion
     * @throws QueueTestkitException for a type name PostgreSQL does not use
     */
    public PlanAssert doesNotContainNodeType(String... types) {
        List<String> unwanted = knownTypes("doesNotContainNodeType", types);
        return eachPlan((plan, name) -> {
            List<PlanNode> found = plan.nodesWhere(n -> unwanted.stream().anyMatch(n::isOfType));
            return found.isEmpty() ? null : ShouldNotContainNodes.nodeType(name, unwanted, found, plan);
        });
    }



    /**
     * Heap fetches of index-only scans, summed, at most {@code max}. Each is a table visit an index-only scan could
     * not avoid because the visibility map was stale.
     *
     * @param max the budget
     * @return this assertion
     * @throws QueueTestkitException on a plan taken without executing
     */
    public PlanAssert heapFetchesAtMost(long max) {
        return eachPlan((plan, name) -> {
            requireAnalyzed("heapFetchesAtMost(" + max + ")", plan);
            return plan.heapFetches() <= max ? null : ShouldBeAtMost.heapFetches(name, max, plan);
        });
    }


    /**
     * The planner's estimated total cost is at most {@code max}. Costs are in the planner's arbitrary units and
     * depend on settings such as {@code random_page_cost}; prefer rows examined or buffers for budgets.
     *
     * @param max the budget
     * @return this assertion
     */
    public PlanAssert totalCostAtMost(double max) {
        return eachPlan((plan, name) -> plan.totalCost() <= max ? null : ShouldBeAtMost.totalCost(name, max, plan));
    }

    /**
     * Execution time at most {@code max}. Noisy: it depends on the machine, its load and the cache; a CI box under
     * load fails it with a perfect plan. Prefer {@link #sharedBuffersAtMost} and {@link #rowsExaminedAtMost},
     * which count the same work without the noise.
     *
     * @param max the budget
     * @return this assertion
     * @throws QueueTestkitException on a plan taken without executing
     */
    public PlanAssert executionTimeAtMost(Duration max) {
        return eachPlan((plan, name) -> {
            requireAnalyzed("executionTimeAtMost(" + max + ")", plan);
            return plan.executionTime().orElseThrow().compareTo(max) <= 0 ? null
                    : ShouldBeAtMost.executionTime(name, max, plan);
        });
    }

    // The verdict behind PlanChecks#hasNoSeqScan.
    PlanAssert noSeqScan() {
        return eachPlan((plan, name) -> {
            List<PlanNode> found = plan.nodesOfType("Seq Scan");
            return found.isEmpty() ? null : ShouldNotContainNodes.seqScan(name, null, found, plan);
        });
    }

    // The verdict behind PlanChecks#hasNoSeqScanOn.
    PlanAssert noSeqScanOn(String table) {
        NamedRelation named = NamedRelation.table("hasNoSeqScanOn(" + PlanMessages.quoted(table) + ")", table,
                catalog(), actual);
        return eachPlan((plan, name) -> {
            if (plan.nodes().noneMatch(named::isOn)) {
                return ShouldReadTable.withoutSeqScan(name, named, plan);
            }
            List<PlanNode> found = plan.nodesWhere(n -> named.isOn(n) && n.nodeType().equals("Seq Scan"));
            return found.isEmpty() ? null : ShouldNotContainNodes.seqScan(name, named, found, plan);
        });
    }

    // The verdict behind PlanChecks#hasNoSort.
    PlanAssert noSort() {
        return eachPlan((plan, name) -> {
            List<PlanNode> found = sorts(plan);
            return found.isEmpty() ? null : ShouldNotContainNodes.sort(name, found, plan);
        });
    }

    // The verdict behind PlanChecks#rowsExaminedAtMost.
    PlanAssert rowsExaminedWithin(long max) {
        return eachPlan((plan, name) -> {
            requireAnalyzed("rowsExaminedAtMost(" + max + ")", plan);
            // the most the scans can have examined, EXPLAIN's per-loop rounding counted against the plan
            return ShouldBeAtMost.mostRowsExamined(plan) <= max ? null : ShouldBeAtMost.rowsExamined(name, max, plan);
        });
    }

    // The verdict behind PlanChecks#rowsExaminedPerRowReturnedAtMost.
    PlanAssert rowsExaminedPerRowReturnedWithin(double max) {
        return eachPlan((plan, name) -> {
            requireAnalyzed("rowsExaminedPerRowReturnedAtMost(" + max + ")", plan);
            double ratio = ShouldBeAtMost.mostRowsExaminedPerRowReceived(plan);
            return ratio <= max ? null : ShouldBeAtMost.rowsExaminedPerRowReturned(name, max, plan);
        });
    }

    // The verdict behind PlanChecks#sharedBuffersAtMost.
    PlanAssert sharedBuffersWithin(long max) {
        return eachPlan((plan, name) -> {
            requireAnalyzed("sharedBuffersAtMost(" + max + ")", plan);
            return plan.sharedBuffers() <= max ? null : ShouldBeAtMost.sharedBuffers(name, max, plan);
        });
    }

    /**
     * Says small data is the point of this assertion: no tiny-table warning in failure messages or the log. By
     * default, when the largest table a plan reads has fewer than 10,000 rows, a failure says the verdict proves
     * little and how to load data at scale, and a pass logs that as a warning. Call it before the checks.
     *
     * @return this assertion
     */
    public PlanAssert allowingTinyTables() {
        tinyTablesAllowed = true;
        return myself;
    }




    /**
     * The necessity control of {@link #usesIndex}: the plan uses the index, and planned again without it (dropped in a
     * transaction that is rolled back, waiting at most {@code lock_timeout = 2s} for the table's ACCESS EXCLUSIVE
     * lock) it is measurably worse: at least 1.2x the shared buffers, rows examined or total cost (and more by at
     * least 4 buffers, 10 rows or 1 cost unit). It proves the assertion can fail and that the index earns its keep;
     * a redundant index (another one serves as well) fails it, and the message shows the plan that wins without it.
     * It does not prove the index is the right one: an index on the wrong columns that still beats a Seq Scan passes,
     * so pair it with {@code hasNoSort()} or {@code rowsExaminedAtMost(n)} for the dequeue's ORDER BY and LIMIT.
     *
     * <pre>{@code
     * assertThatPlan(dataSource, "SELECT id FROM jobs WHERE queue = ? AND state = 'queued' ORDER BY priority DESC, run_at LIMIT 1", "mailers")
     *         .needsIndex("jobs_dequeue");
     * }</pre>
     *
     * @param index the index name, optionally schema-qualified
     * @return this assertion
     * @throws QueueTestkitException when the database has no such index, the plan was not taken from a database, or
     *     the lock cannot be had
     */
    public PlanAssert needsIndex(String index) {
        return Replanning.needsIndex(this, index);
    }

    /**
     * The necessity control of {@link #hasNoSeqScanOn}: no Seq Scan on the table, and planned again without the index
     * (as in {@link #needsIndex}) the plan is measurably worse. A failure shows the plan that wins when the index is
     * gone.
     *
     * @param table the table name
     * @param index the index that keeps the table from being read whole
     * @return this assertion
     * @throws QueueTestkitException when the database has no such table or index, or the lock cannot be had
     */
    public PlanAssert hasNoSeqScanOnThanksTo(String table, String index) {
        return Replanning.hasNoSeqScanOnThanksTo(this, table, index);
    }

    /**
     * Asks whether the index CAN serve the statement, not whether the planner chooses it: the statement is planned
     * again with {@code enable_seqscan = off} and {@code enable_sort = off} (in the rolled-back transaction) and that
     * forced plan must read the index. Passing proves the index fits the query; it does not prove the planner uses
     * it at this data, which is {@link #usesIndex}'s question (and {@link #needsIndex}'s). An index that serves only
     * the WHERE clause passes even when the forced plan still sorts (sorting is discouraged, not forbidden), so add
     * {@code hasNoSort()} when the index must also give the ORDER BY.
     *
     * @param index the index name, optionally schema-qualified
     * @return this assertion
     * @throws QueueTestkitException when the database has no such index or the plan was not taken from a database
     */
    public PlanAssert canBeServedByIndex(String index) {
        return Replanning.canBeServedByIndex(this, index);
    }

    /**
     * Escape hatch: runs the requirement (AssertJ assertions over the model) on every plan; a failure shows the
     * requirement's message, the SQL and the plan.
     *
     * <pre>{@code
     * .satisfies(plan -> assertThat(plan.nodesOfType("LockRows")).hasSize(1))
     * }</pre>
     *
     * @param requirement assertions on one plan
     * @return this assertion
     */
    public PlanAssert satisfies(Consumer<Plan> requirement) {
        return eachPlan((plan, name) -> {
            try {
                requirement.accept(plan);
                return null;
            } catch (AssertionError e) {
                return ShouldSatisfy.create(name, e, plan);
            }
        });
    }

    /**
     * Checks this assertion's plans; see {@link PlanChecks}.
     *
     * @param description the check as the user called it
     * @param check the check
     * @return this assertion
     */
    @Override
    public PlanAssert check(String description, Consumer<PlanAssert> check) {
        check.accept(this);
        return myself;
    }

    /** Runs a check on every plan; fails once, with every failing plan's message. */
    PlanAssert eachPlan(BiFunction<Plan, String, ErrorMessageFactory> failure) {
        return eachPlan(plans, failure);
    }

    /**
     * Runs a check on every plan of {@code target}; fails once, with every failing plan's message and the verdict
     * facts last (see {@link ShouldHoldOnEveryPlan}); on a pass, warns once about tiny tables.
     */
    PlanAssert eachPlan(Plans target, BiFunction<Plan, String, ErrorMessageFactory> failure) {
        isNotNull();
        List<ErrorMessageFactory> failures = new ArrayList<>();
        for (Plan plan : target.all()) {
            ErrorMessageFactory message = failure.apply(plan, PlanMessages.name(plan, target));
            if (message != null) {
                failures.add(message);
            }
        }
        if (!failures.isEmpty()) {
            throwAssertionError(ShouldHoldOnEveryPlan.create(failures, target, tinyTablesAllowed));
        } else if (!tinyTablesAllowed && !tinyTablesChecked) {
            tinyTablesChecked = true;
            TinyTableWarning.logIfTiny(target);
        }
        return myself;
    }

    /** @return the first plan: AssertJ's "actual", which name lookups report against */
    Plan actualPlan() {
        return actual;
    }

    Optional<Catalog> catalog() {
        return plans.catalog();
    }

    private static boolean throughIndex(PlanNode scan) {
        return scan.indexName() != null || scan.nodeType().equals("Bitmap Heap Scan");
    }

    private static List<PlanNode> sorts(Plan plan) {
        return plan.nodesWhere(n -> n.nodeType().equals("Sort") || n.nodeType().equals("Incremental Sort"));
    }

    private static List<String> knownTypes(String assertion, String[] types) {
        if (types.length == 0) {
            throw new QueueTestkitException(assertion + "() needs at least one node type, e.g. \"Seq Scan\"");
        }
        for (String type : types) {
            NodeTypes.requireKnown(assertion + "(" + PlanMessages.quoted(type) + ")", type);
        }
        return Arrays.asList(types);
    }

    private static void requireAnalyzed(String assertion, Plan plan) {
        if (!plan.analyzed()) {
            throw new QueueTestkitException(assertion + " needs measured values, but the " + plan.type().label()
                    + " plan of " + plan.sql() + " was taken without executing the statement; drop withoutExecuting()"
                    + " (the statement runs in a transaction that is rolled back).");
        }
    }
}
