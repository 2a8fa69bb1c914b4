package io.github.queuetestkit.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact wording of the Spring support's errors, and which driver options it keeps. */
class SpringMessagesTest {

    @Test
    void namesBothClassesThatShareAContextAtOnce() {
        assertThat(SpringMessages.sharedContext(String.class, Integer.class)).isEqualTo("Test classes java.lang.String"
                + " and java.lang.Integer share one Spring application context and run at the same time, but the"
                + " context's DataSource talks to one class database at a time. Run them one after the other (e.g."
                + " @Execution(ExecutionMode.SAME_THREAD) on both, or a common @ResourceLock), or give one its own"
                + " context (e.g. a @TestPropertySource, or @DirtiesContext).");
    }

    @Test
    void saysWhenAContextLoadsBeforeTheClassDatabase() {
        assertThat(SpringMessages.noClassDatabase(String.class)).isEqualTo("Spring is loading the application context"
                + " of java.lang.String, a @PostgresTest class, before queue-testkit created its class database. The"
                + " kit binds the context when the class starts: check that the class (or one enclosing it) carries"
                + " @PostgresTest, and that nothing loads the context earlier (a TestExecutionListener in"
                + " beforeTestClass).");
    }

    @Test
    void namesADataSourceItCannotRebuild() {
        assertThat(SpringMessages.unsupportedDataSource("dataSource", String.class)).isEqualTo("The application's"
                + " DataSource bean 'dataSource' is a java.lang.String. queue-testkit points each HikariCP pool"
                + " (Spring Boot's default) at the test class's database, and cannot rebuild a pool of this kind. Let"
                + " Spring Boot build a Hikari pool in tests (spring.datasource.type=com.zaxxer.hikari.HikariDataSource),"
                + " or leave @PostgresTest off this Spring test.");
    }

    @Test
    void refusesConnectionsBetweenClasses() {
        assertThat(SpringMessages.noDatabaseNow("dataSource")).isEqualTo("queue-testkit: DataSource bean 'dataSource'"
                + " has no class database now. It follows the database of the @PostgresTest class that is running,"
                + " and none is: the class ended (its database is dropped) or the next has not started. Work in the"
                + " background must stop with the application context: make it a SmartLifecycle bean or a @Scheduled"
                + " method, which the kit pauses between classes.");
    }

    @Test
    void keepsTheApplicationsDriverOptionsFromItsUrl() {
        assertThat(ApplicationConnections.urlOptions("jdbc:postgresql://db:5432/app?stringtype=unspecified"
                + "&ApplicationName=queue%20app&sslmode=require")).isEqualTo(Map.of("stringtype", "unspecified",
                        "ApplicationName", "queue app", "sslmode", "require"));
        assertThat(ApplicationConnections.urlOptions("jdbc:h2:mem:app?x=y")).isEmpty();
    }
}
