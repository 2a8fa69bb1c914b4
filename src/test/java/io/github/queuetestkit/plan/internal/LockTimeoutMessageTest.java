package io.github.queuetestkit.plan.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact wording of a plan that gave up waiting for a lock the code's open transaction holds. */
class LockTimeoutMessageTest {

    @Test
    void namesTheWaitTheHoldersAndWhatToDo() {
        assertThat(ExplainRunner.lockTimedOut("while updating tuple (0,1) in relation \"jobs\"", List.of(
                "pid 42 (idle in transaction) holds jobs; its last statement: UPDATE jobs SET state = 'done' WHERE id"
                        + " = $1"), "5s")).isEqualTo("""

                It waited 5s for a lock (while updating tuple (0,1) in relation "jobs") and gave up. Sessions of the \
                database holding table locks:
                  pid 42 (idle in transaction) holds jobs; its last statement: UPDATE jobs SET state = 'done' WHERE \
                id = $1
                Planning runs the statement again on another connection, so it waits for the rows and tables the \
                code's open transaction has locked ("idle in transaction" above), and that transaction cannot go on \
                while the test waits. Commit (or roll back) the code's transaction before the plan check, or check \
                the plans before the code takes its locks.""");
    }

    @Test
    void saysSoWhenNobodyHoldsATableLockAnyMore() {
        assertThat(ExplainRunner.lockTimedOut(null, List.of(), "5s"))
                .startsWith("\nIt waited 5s for a lock and gave up. No other session of the database holds a table"
                        + " lock any more.\n");
    }
}
