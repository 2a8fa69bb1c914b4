package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.PostgresTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@PostgresTest(init = "db/verdict-jobs.sql")
class TinyTableWarningTest {

    private static final String TINY = "SELECT * FROM tiny_jobs WHERE state = 'done'";
    private static final String BIG = "SELECT id FROM queue_jobs WHERE state = 'queued' ORDER BY run_at LIMIT 10";

    // System.Logger reaches java.util.logging when no other backend is bridged, as in this build.
    private final Logger logger = Logger.getLogger("io.github.queuetestkit.plan");
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(handler);
    }

    @Test
    void failureOnATinyTableSaysTheVerdictProvesLittleAndHowToLoadDataAtScale(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, TINY).hasNoSeqScan())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the plan to have no Seq Scan")
                .hasMessageContaining("Tiny table: the largest table in the plan, \"tiny_jobs\", has 200 rows (fewer"
                        + " than 10,000): a verdict on a table this small proves little")
                .hasMessageContaining("@Dataset(value = \"jobs\", scale = 100_000)")
                .hasMessageContaining("call allowingTinyTables() before the checks");
    }

    @Test
    void passOnATinyTableLogsTheWarningOnce(DataSource dataSource) {
        assertThatPlan(dataSource, TINY).containsNodeType("Seq Scan").doesNotContainNodeType("Sort");

        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("A plan assertion passed on " + TINY)
                .contains("\"tiny_jobs\", has 200 rows (fewer than 10,000)");
    }

    @Test
    void allowingTinyTablesSilencesTheWarningInFailuresAndTheLog(DataSource dataSource) {
        assertThatPlan(dataSource, TINY).allowingTinyTables().containsNodeType("Seq Scan");
        assertThatThrownBy(() -> assertThatPlan(dataSource, TINY).allowingTinyTables().hasNoSeqScan())
                .isInstanceOf(AssertionError.class)
                .hasMessageNotContaining("Tiny table");

        assertThat(warnings).isEmpty();
    }

    @Test
    void tableAtScaleGetsNoWarning(DataSource dataSource) {
        assertThatPlan(dataSource, BIG).hasNoSeqScan();
        assertThatThrownBy(() -> assertThatPlan(dataSource, BIG).containsNodeType("Seq Scan"))
                .isInstanceOf(AssertionError.class)
                .hasMessageNotContaining("Tiny table");

        assertThat(warnings).isEmpty();
    }
}
