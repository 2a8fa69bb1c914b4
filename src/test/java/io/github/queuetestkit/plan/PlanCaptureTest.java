package io.github.queuetestkit.plan;

import io.github.queuetestkit.junit.PostgresTest;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@PostgresTest(init = "db/plan-jobs.sql")
class PlanCaptureTest {
    @Test
    void capture(DataSource ds) throws Exception {
        Files.createDirectories(Path.of("target/captured"));
        Plan desc = Explain.of(PlanFixtures.DELAYED_BEFORE, "host:a pid:1").explain(ds).custom();
        Files.writeString(Path.of("target/captured/delayed-job-seq-scan.json"), desc.json());
        System.out.println(desc.render());
        Plan asc = Explain.of(PlanFixtures.DELAYED_ASC, "host:a pid:1").explain(ds).custom();
        Files.writeString(Path.of("target/captured/delayed-job-index-scan.json"), asc.json());
        System.out.println(asc.render());
        Plans both = Explain.of(PlanFixtures.SKEWED, "queued").withCustomAndGenericPlans().explain(ds);
        System.out.println(both.custom().render());
        System.out.println(both.generic().render());
        Files.writeString(Path.of("target/captured/skewed-generic.json"), both.generic().json());
    }
}
