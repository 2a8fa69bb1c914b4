package io.github.queuetestkit.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.InvalidConfigurationException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The order in which the kit reads each setting: configuration parameter, then environment variable. */
class KitPropertiesTest {

    private static KitProperties with(Map<String, String> parameters, Map<String, String> environment) {
        return KitProperties.of(name -> Optional.ofNullable(parameters.get(name)), environment::get);
    }

    @Test
    void aConfigurationParameterWinsOverItsEnvironmentVariable() {
        KitProperties properties = with(Map.of("queuetestkit.jdbcUrl", "jdbc:postgresql://param/postgres"),
                Map.of("QUEUETESTKIT_JDBC_URL", "jdbc:postgresql://env/postgres"));

        assertThat(properties.jdbcUrl()).isEqualTo(new KitProperties.Value("jdbc:postgresql://param/postgres",
                "configuration parameter queuetestkit.jdbcUrl"));
    }

    @Test
    void theEnvironmentVariableServesWhenNoParameterIsSetOrItIsBlank() {
        KitProperties properties = with(Map.of("queuetestkit.username", " "),
                Map.of("QUEUETESTKIT_USERNAME", "ci", "QUEUETESTKIT_IMAGE", "postgres:17-alpine"));

        assertThat(properties.username())
                .isEqualTo(new KitProperties.Value("ci", "environment variable QUEUETESTKIT_USERNAME"));
        assertThat(properties.image())
                .isEqualTo(new KitProperties.Value("postgres:17-alpine", "environment variable QUEUETESTKIT_IMAGE"));
        assertThat(properties.password()).isNull();
    }

    @Test
    void aParameterJUnitTookFromASystemPropertyIsNamedAsOne() {
        System.setProperty("queuetestkit.password", "from-the-jvm");
        try {
            KitProperties properties = with(Map.of("queuetestkit.password", "from-the-jvm"), Map.of());

            assertThat(properties.password().source()).isEqualTo("system property queuetestkit.password");
            assertThat(KitProperties.fromSystem().password().source())
                    .isEqualTo("system property queuetestkit.password");
        } finally {
            System.clearProperty("queuetestkit.password");
        }
    }

    @Test
    void flagsTakeTrueOrFalseFromEitherSourceAndNameTheOneAtFault() {
        assertThat(with(Map.of("queuetestkit.reuse", "TRUE"), Map.of()).reuse()).isTrue();
        assertThat(with(Map.of(), Map.of("QUEUETESTKIT_KEEP_DATABASES", "true")).keepDatabases()).isTrue();
        assertThat(with(Map.of("queuetestkit.keepDatabases", "false"), Map.of("QUEUETESTKIT_KEEP_DATABASES", "true"))
                .keepDatabases()).isFalse();

        assertThatThrownBy(() -> with(Map.of(), Map.of("QUEUETESTKIT_REUSE", "maybe")).reuse())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("environment variable QUEUETESTKIT_REUSE is 'maybe', but it takes true or false."
                        + " Set it to true or false, or remove it.");
    }

    @Test
    void cleanupIsOnUnlessSetToFalse() {
        assertThat(with(Map.of(), Map.of()).cleanup()).isTrue();
        assertThat(with(Map.of("queuetestkit.cleanup", "false"), Map.of()).cleanup()).isFalse();
        assertThat(with(Map.of(), Map.of("QUEUETESTKIT_CLEANUP", "FALSE")).cleanup()).isFalse();
        assertThat(with(Map.of("queuetestkit.cleanup", "true"), Map.of("QUEUETESTKIT_CLEANUP", "false")).cleanup())
                .isTrue();
    }
}
