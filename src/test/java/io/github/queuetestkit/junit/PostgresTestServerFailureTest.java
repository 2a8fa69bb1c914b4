package io.github.queuetestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.queuetestkit.postgres.ServerUnavailableException;
import io.github.queuetestkit.postgres.internal.KitProperties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A container that cannot be had fails its classes with the image, the cause and the container's log. Tagged
 * slow: Testcontainers retries a pull for two minutes and waits a minute for a server that never becomes ready,
 * so these run with {@code mvn test -Pslow}, not in every build.
 */
@Tag("slow")
class PostgresTestServerFailureTest {

    @Test
    void namesAnImageThatDoesNotExist() {
        assumeTrue(KitProperties.fromSystem().jdbcUrl() == null, "only a container server pulls images");

        Throwable failure = EngineRuns.firstFailure(EngineRuns.inContainerMode().run(UnknownImageTestCase.class));

        assertThat(failure).isInstanceOf(ServerUnavailableException.class)
                .hasMessageContaining("PostgreSQL container from image 'queuetestkit/no-such-image:0' (from"
                        + " @PostgresTest(image) on " + UnknownImageTestCase.class.getName() + ") did not start")
                .hasMessageContaining("Fix: name an image that exists");
    }

    @Test
    void showsTheLogOfAServerThatWillNotStart() {
        assumeTrue(KitProperties.fromSystem().jdbcUrl() == null, "only a container server is started by the kit");

        Throwable failure = EngineRuns.firstFailure(EngineRuns.inContainerMode().run(ServerWontStartTestCase.class));

        assertThat(failure).isInstanceOf(ServerUnavailableException.class)
                .hasMessageContaining("did not start")
                .hasMessageContaining("Last lines of the container's log:")
                .hasMessageContaining("shared_buffers")
                .hasMessageContaining("shared_buffers=banana");
    }

    @PostgresTest(image = "queuetestkit/no-such-image:0")
    static class UnknownImageTestCase {
        @Test
        void neverRuns() {
        }
    }

    @PostgresTest(serverSettings = "shared_buffers=banana")
    static class ServerWontStartTestCase {
        @Test
        void neverRuns() {
        }
    }
}
