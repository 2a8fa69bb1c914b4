package io.github.queuetestkit.plan;

import io.github.queuetestkit.QueueTestkitException;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * The plan checks that read the same on one statement's plans ({@link PlanAssert}) and on every captured statement's
 * plans ({@code EveryPlanAssert}): each is declared once, here, and applied through {@link #check}, which the two
 * asserts implement: a plan assertion checks its own plans, an every-plan assertion the plans of each statement.
 *
 * <pre>{@code
 * assertThatPlan(dataSource, "SELECT * FROM jobs WHERE queue = ?", "mailers").hasNoSeqScan().hasNoSort();
 * assertThatEveryPlan(captured).hasNoSeqScan().hasNoSort();
 * }</pre>
 *
 * @param <SELF> the assertion type, returned by every check so calls chain
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface PlanChecks<SELF extends PlanChecks<SELF>> {

    /**
     * Applies a check to the plans this assertion stands for; what every check of this interface goes through.
     *
     * @param description the check as the user called it, e.g. {@code hasNoSort()}, for failure messages
     * @param check the check, on one statement's plans
     * @return this assertion
     */
    SELF check(String description, Consumer<PlanAssert> check);

    /**
     * No Seq Scan anywhere in the plan.
     *
     * @return this assertion
     */
    default SELF hasNoSeqScan() {
        return check("hasNoSeqScan()", PlanAssert::noSeqScan);
    }

    /**
     * No Seq Scan of this table; other tables may be scanned (a small lookup table often should be).
     *
     * @param table the table name, optionally schema-qualified
     * @return this assertion
     * @throws QueueTestkitException when the database has no such table
     */
    default SELF hasNoSeqScanOn(String table) {
        return check("hasNoSeqScanOn(\"" + table + "\")", plan -> plan.noSeqScanOn(table));
    }

    /**
     * No Sort or Incremental Sort node: rows come out of an index (or a join) already in order. The fix for the
     * delayed-job story: an index matching the ORDER BY, so LIMIT stops after a few rows.
     *
     * @return this assertion
     */
    default SELF hasNoSort() {
        return check("hasNoSort()", PlanAssert::noSort);
    }

    /**
     * Rows examined at most {@code max}. Rows examined = the sum over table scans of (actual rows + rows removed
     * by filter + rows removed by index recheck) × loops: every table row looked at, kept or not (see
     * {@link Plan#rowsExamined()}). The delayed-job query that read 67,604 rows to return 5 fails
     * {@code rowsExaminedAtMost(50)}; with an index in ORDER BY order it examines 5.
     *
     * @param max the budget
     * @return this assertion
     * @throws QueueTestkitException on a plan taken without executing
     */
    default SELF rowsExaminedAtMost(long max) {
        return check("rowsExaminedAtMost(" + max + ")", plan -> plan.rowsExaminedWithin(max));
    }

    /**
     * Rows examined divided by rows returned (at least 1) is at most {@code max}: the slow-query-log ratio, which
     * stays put as data grows when the plan is right. Rows returned are the rows the code received
     * ({@link Plan#rowsReceived()}): with a driver row limit ({@code Statement.setMaxRows}, captured, or
     * {@link Explain#withDriverRowLimit}) reading 20,000 rows to hand the code 5 fails, and the failure says the limit
     * came from the driver.
     *
     * @param max the highest acceptable ratio, e.g. 2.0
     * @return this assertion
     * @throws QueueTestkitException on a plan taken without executing
     */
    default SELF rowsExaminedPerRowReturnedAtMost(double max) {
        return check("rowsExaminedPerRowReturnedAtMost(" + max + ")",
                plan -> plan.rowsExaminedPerRowReturnedWithin(max));
    }

    /**
     * Shared buffers (hit + read) the statement touched, at most {@code max}: the most stable measure of work, the
     * same on a loaded laptop and in CI, unlike time.
     *
     * @param max the budget, in 8 kB blocks
     * @return this assertion
     * @throws QueueTestkitException on a plan taken without executing
     */
    default SELF sharedBuffersAtMost(long max) {
        return check("sharedBuffersAtMost(" + max + ")", plan -> plan.sharedBuffersWithin(max));
    }
}
