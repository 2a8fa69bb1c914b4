package io.github.queuetestkit.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mark the kit comments on its databases, and the line a cleanup logs: exact texts, read back. */
class DatabaseMarkTest {

    @Test
    void writesAMarkThatReadsBackTheSame() {
        DatabaseMark mark = new DatabaseMark(0x7abc1234, DatabaseMark.Kind.TEMPLATE, true,
                Instant.parse("2026-11-30T17:00:00Z"));

        assertThat(mark.format())
                .isEqualTo("queue-testkit run=7abc1234 kind=template reuse=true created=2026-11-30T17:00:00Z");
        assertThat(DatabaseMark.parse(mark.format())).isEqualTo(mark);
    }

    @Test
    void takesNoCommentItDidNotWriteInFullForAMark() {
        assertThat(DatabaseMark.parse(null)).isNull();
        assertThat(DatabaseMark.parse("nightly copy of production")).isNull();
        assertThat(DatabaseMark.parse("queue-testkit is what our team calls this database")).isNull();
        assertThat(DatabaseMark.parse("queue-testkit run=zz kind=class reuse=false")).isNull();
        assertThat(DatabaseMark.parse("queue-testkit run=1f kind=scratch reuse=false")).isNull();
        assertThat(DatabaseMark.parse("queue-testkit run=1f reuse=false")).isNull();
        assertThat(DatabaseMark.parse("queue-testkit run=1f kind=class reuse=false created=yesterday")).isNull();
    }

    @Test
    void cleanupLineNamesCountSpaceServerAndDatabases() {
        LeftoverCleanup.Report report = new LeftoverCleanup.Report("the external PostgreSQL server"
                + " jdbc:postgresql://db:5432/postgres (from environment variable QUEUETESTKIT_JDBC_URL)",
                List.of("qtk_jobstest_0a1b2c3d4e", "qtk_spare_0123456789abcdef", "qtk_tpl_0123456789abcdef"),
                167_772_160L, Map.of());

        assertThat(report.message()).isEqualTo("queue-testkit removed 3 databases (160.0 MB freed) that runs no"
                + " longer alive left on the external PostgreSQL server jdbc:postgresql://db:5432/postgres (from"
                + " environment variable QUEUETESTKIT_JDBC_URL): qtk_jobstest_0a1b2c3d4e, qtk_spare_0123456789abcdef,"
                + " qtk_tpl_0123456789abcdef. Set queuetestkit.cleanup=false to keep leftovers.");
    }

    @Test
    void cleanupLineNamesWhatCouldNotBeDroppedAndHow() {
        Map<String, String> failed = new LinkedHashMap<>();
        failed.put("qtk_jobstest_0a1b2c3d4e", "ERROR: must be owner of database qtk_jobstest_0a1b2c3d4e");
        LeftoverCleanup.Report report = new LeftoverCleanup.Report("a server", List.of(), 0, failed);

        assertThat(report.message()).isEqualTo("queue-testkit removed 0 databases (0.0 MB freed) that runs no longer"
                + " alive left on a server. Could not remove 1: qtk_jobstest_0a1b2c3d4e (ERROR: must be owner of"
                + " database qtk_jobstest_0a1b2c3d4e). Drop them by hand with DROP DATABASE. Set"
                + " queuetestkit.cleanup=false to keep leftovers.");
        assertThat(new LeftoverCleanup.Report("a server", List.of(), 0, Map.of()).message()).isNull();
    }
}
