package io.github.queuetestkit.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two JVMs on one server asking for the same template at once: one builds it, the other waits and clones it. */
@PostgresTest
class TemplatesAcrossJvmsTest {

    @Test
    void buildsATemplateOnceForTwoJvmsAndLeavesItToTheLastOneThatClonesIt(PostgresDatabase database) throws Exception {
        String key = "shared-" + UUID.randomUUID();
        try (OtherJvm first = OtherJvm.start(database, key, 3000);
                OtherJvm second = OtherJvm.start(database, key, 3000)) {
            first.awaitReady();
            second.awaitReady();

            assertThat(first.builds() + second.builds()).isEqualTo(1);
            OtherJvm builder = first.builds() == 1 ? first : second;
            OtherJvm cloner = builder == first ? second : first;
            Map<String, DatabaseMark> built = LeftoverCleanupTest.markedBy(database, builder.runKey());
            List<String> templates = built.entrySet().stream()
                    .filter(each -> each.getValue().kind() == DatabaseMark.Kind.TEMPLATE).map(Map.Entry::getKey).toList();
            assertThat(templates).hasSize(1);
            String template = templates.get(0);
            assertThat(database.queryForLong("SELECT count(*) FROM pg_database WHERE datname LIKE ?",
                    template + "%")).as("no second template, finished or half-built").isEqualTo(1);

            // The builder's run ends and would drop its template, but the other JVM may still clone it.
            builder.end();
            assertThat(LeftoverCleanupTest.databasesNamed(database, List.of(template))).containsExactly(template);
            assertThat(LeftoverCleanupTest.databasesNamed(database, List.of(cloner.classDatabase())))
                    .containsExactly(cloner.classDatabase());

            // Its last user's run ends: the builder is gone and did not want it reused, so it goes.
            cloner.end();
            assertThat(LeftoverCleanupTest.databasesNamed(database, List.of(template))).isEmpty();
        }
    }
}
