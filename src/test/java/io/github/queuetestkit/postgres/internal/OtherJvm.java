package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.postgres.PostgresDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running {@link AnotherRun} against the test's server, started with the test's own class path: a
 * run of the kit that the test can leave alive, end normally, or kill with SIGKILL as a cancelled CI job is.
 */
final class OtherJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader output;
    private final List<String> seen = new ArrayList<>();
    private int runKey;
    private String classDatabase;
    private int builds = -1;

    private OtherJvm(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * @param database a database of the test's run, whose server the other JVM uses
     * @param templateKey the key of the template it builds
     * @param stepMillis how long building that template takes
     * @return the JVM, started but not yet ready
     */
    static OtherJvm start(PostgresDatabase database, String templateKey, long stepMillis) throws IOException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AnotherRun.class.getName(), templateKey, Long.toString(stepMillis))
                .redirectErrorStream(true);
        builder.environment().put("QUEUETESTKIT_JDBC_URL", JdbcUrls.withDatabase(database.jdbcUrl(), "postgres"));
        builder.environment().put("QUEUETESTKIT_USERNAME", database.username());
        builder.environment().put("QUEUETESTKIT_PASSWORD", database.password());
        builder.environment().remove("QUEUETESTKIT_CLEANUP");
        return new OtherJvm(builder.start());
    }

    /** Reads the JVM's report until it is ready; then keeps its output drained so it never blocks on writing. */
    OtherJvm awaitReady() throws IOException {
        String line;
        while ((line = output.readLine()) != null) {
            seen.add(line);
            if (line.startsWith("RUN ")) {
                runKey = Integer.parseUnsignedInt(line.substring(4), 16);
            } else if (line.startsWith("CLASS ")) {
                classDatabase = line.substring(6);
            } else if (line.startsWith("BUILDS ")) {
                builds = Integer.parseInt(line.substring(7));
            } else if (line.equals("READY")) {
                Thread drain = new Thread(this::drain, "other-jvm-output");
                drain.setDaemon(true);
                drain.start();
                return this;
            }
        }
        throw new IllegalStateException("The other JVM ended before it was ready; it wrote:\n"
                + String.join("\n", seen));
    }

    int runKey() {
        return runKey;
    }

    String classDatabase() {
        return classDatabase;
    }

    int builds() {
        return builds;
    }

    /** Kills the JVM as a cancelled job is killed: SIGKILL, no shutdown hooks, no cleanup of its own. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Lets the JVM end its run normally, dropping what it made. */
    void end() throws IOException, InterruptedException {
        try (Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
            in.write("END\n");
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The other JVM did not end within 60 s; it wrote:\n"
                    + String.join("\n", seen));
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private void drain() {
        try {
            String line;
            while ((line = output.readLine()) != null) {
                synchronized (seen) {
                    seen.add(line);
                }
            }
        } catch (IOException endedWithTheProcess) {
            // The process is gone; nothing more to read.
        }
    }
}
