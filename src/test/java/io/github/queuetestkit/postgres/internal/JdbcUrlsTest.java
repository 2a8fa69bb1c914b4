package io.github.queuetestkit.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void pointsAUrlAtAnotherDatabaseKeepingItsParameters() {
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://h:5432/postgres?sslmode=disable", "qtk_a"))
                .isEqualTo("jdbc:postgresql://h:5432/qtk_a?sslmode=disable");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://h:5432", "qtk_a")).isEqualTo("jdbc:postgresql://h:5432/qtk_a");
    }

    @Test
    void masksPasswordsInParametersAndUserInfo() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://h/db?user=u&password=p&sslpassword=q"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&sslpassword=***");
        assertThat(JdbcUrls.redact("jdbc:postgresql://u:p@h/db")).isEqualTo("jdbc:postgresql://***@h/db");
    }
}
