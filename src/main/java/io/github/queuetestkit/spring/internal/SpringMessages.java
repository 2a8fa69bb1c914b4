package io.github.queuetestkit.spring.internal;

/** The wording of every error of the Spring support: written once, tested word for word. */
final class SpringMessages {

    private SpringMessages() {
    }

    static String sharedContext(Class<?> running, Class<?> starting) {
        return "Test classes " + running.getName() + " and " + starting.getName() + " share one Spring application"
                + " context and run at the same time, but the context's DataSource talks to one class database at a"
                + " time. Run them one after the other (e.g. @Execution(ExecutionMode.SAME_THREAD) on both, or a"
                + " common @ResourceLock), or give one its own context (e.g. a @TestPropertySource, or"
                + " @DirtiesContext).";
    }

    static String noClassDatabase(Class<?> testClass) {
        return "Spring is loading the application context of " + testClass.getName() + ", a @PostgresTest class,"
                + " before queue-testkit created its class database. The kit binds the context when the class"
                + " starts: check that the class (or one enclosing it) carries @PostgresTest, and that nothing"
                + " loads the context earlier (a TestExecutionListener in beforeTestClass).";
    }

    static String unsupportedDataSource(String beanName, Class<?> type) {
        return "The application's DataSource bean '" + beanName + "' is a " + type.getName() + ". queue-testkit"
                + " points each HikariCP pool (Spring Boot's default) at the test class's database, and cannot"
                + " rebuild a pool of this kind. Let Spring Boot build a Hikari pool in tests"
                + " (spring.datasource.type=com.zaxxer.hikari.HikariDataSource), or leave @PostgresTest off this"
                + " Spring test.";
    }

    static String noDatabaseNow(String beanName) {
        return "queue-testkit: DataSource bean '" + beanName + "' has no class database now. It follows the"
                + " database of the @PostgresTest class that is running, and none is: the class ended (its"
                + " database is dropped) or the next has not started. Work in the background must stop with the"
                + " application context: make it a SmartLifecycle bean or a @Scheduled method, which the kit pauses"
                + " between classes.";
    }
}
