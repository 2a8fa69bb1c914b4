package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The facts a plan failure prints (table statistics, settings, dataset recipe, tiny-table warning) are read when
 * the plan is taken: once it is, the database may be gone and a failure still reads whole.
 */
@PostgresTest(settings = "work_mem=8MB")
@Dataset(value = "jobs", scale = 2_000, seed = 7)
class FailureMessagesNeedNoConnectionTest {

    private static final String DONE = "SELECT count(*) FROM jobs WHERE state = 'done'";

    /** A DataSource that refuses every connection once closed, and counts the ones asked for after that. */
    private static final class Closable {
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicInteger askedAfterClose = new AtomicInteger();
        final DataSource dataSource;

        Closable(DataSource target) {
            dataSource = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                    new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getConnection") && closed.get()) {
                            askedAfterClose.incrementAndGet();
                            throw new SQLException("the database is gone");
                        }
                        try {
                            return method.invoke(target, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    @Test
    void aFailureTakenBeforeTheDatabaseWentAwayStillPrintsEveryVerdictFact(DataSource dataSource) {
        Closable database = new Closable(dataSource);
        Plans plans = Explain.of(DONE).explain(database.dataSource);
        database.closed.set(true);

        assertThatThrownBy(() -> assertThat(plans).hasNoSeqScan().hasNoSort())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the plan to have no Seq Scan")
                .hasMessageContaining("\n\nVerdict facts:\n  Tables: jobs 2,000 rows")
                .hasMessageContaining("Tiny table: the largest table in the plan, \"jobs\", has 2,000 rows")
                .hasMessageContaining("\"work_mem=8MB\"")
                .hasMessageContaining("\n    @Dataset(value = \"jobs\", scale = 2_000, seed = 7)")
                .hasMessageNotContaining("Verdict facts unavailable");
        org.assertj.core.api.Assertions.assertThat(database.askedAfterClose).hasValue(0);
    }

    @Test
    void aPassOnTinyTablesWarnsFromTheSameFactsWithoutAConnection(DataSource dataSource) {
        Closable database = new Closable(dataSource);
        Plans plans = Explain.of("SELECT count(*) FROM jobs").explain(database.dataSource);
        database.closed.set(true);

        assertThat(plans).containsNodeType("Aggregate");

        org.assertj.core.api.Assertions.assertThat(TinyTableWarning.logIfTiny(plans)).hasValueSatisfying(
                warning -> org.assertj.core.api.Assertions.assertThat(warning)
                        .contains("Tiny table: the largest table in the plan, \"jobs\", has 2,000 rows"));
        org.assertj.core.api.Assertions.assertThat(database.askedAfterClose).hasValue(0);
    }
}
