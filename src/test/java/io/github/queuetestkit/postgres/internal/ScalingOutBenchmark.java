package io.github.queuetestkit.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints, side by side, what scaling out buys with the examples suite (a user's project, run by Maven as a
 * subprocess): (a) the time to the first test of a second {@code mvn test} with reuse against the first, and (b) the
 * whole suite on four Surefire forks against one fork, both against one external server started with
 * {@code docker run} as CI starts one; and checks that the forks ran without errors and left no database behind.
 *
 * <p>The examples need the kit installed; to keep a shared {@code ~/.m2} untouched, install it into a private
 * repository and name it: {@code mvn -B test -Pbenchmark -Dtest=ScalingOutBenchmark
 * -Dqueuetestkit.bench.repo=/tmp/m2} (see BENCHMARKS.md). Docker and the image postgres:18-alpine are needed.
 */
@Tag("benchmark")
class ScalingOutBenchmark {

    private static final Path ROOT = Paths.get("").toAbsolutePath();
    private static final String IMAGE = "postgres:18-alpine";
    private static final String PASSWORD = "bench-secret";

    @Test
    void examplesOnFourForksAgainstOneForkOnOneExternalServer() throws Exception {
        String name = "qtk-bench-external-" + ProcessHandle.current().pid();
        run(List.of("docker", "run", "-d", "--rm", "--name", name, "-e", "POSTGRES_PASSWORD=" + PASSWORD,
                "-p", "127.0.0.1::5432", IMAGE, "postgres", "-c", "fsync=off", "-c",
                "shared_preload_libraries=pg_stat_statements", "-c", "pg_stat_statements.track=all", "-c",
                "max_connections=300"), Map.of());
        try {
            String port = run(List.of("docker", "port", name, "5432/tcp"), Map.of()).output().lines().findFirst()
                    .orElseThrow().replaceAll(".*:", "").trim();
            awaitReady(name);
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
            Map<String, String> env = Map.of("QUEUETESTKIT_JDBC_URL", url, "QUEUETESTKIT_USERNAME", "postgres",
                    "QUEUETESTKIT_PASSWORD", PASSWORD);

            Result one = maven(List.of("test", "-DforkCount=1"), env);
            Result four = maven(List.of("test", "-DforkCount=4"), env);
            long leftovers = countKitDatabases(url);

            System.out.printf(Locale.ROOT, "%nexamples suite (mvn -o -f examples test) against one external %s%n", IMAGE);
            System.out.printf(Locale.ROOT, "  %-28s %12s %12s%n", "", "1 fork", "4 forks");
            System.out.printf(Locale.ROOT, "  %-28s %10.1f s %10.1f s%n", "wall time", one.seconds(), four.seconds());
            System.out.printf(Locale.ROOT, "  %-28s %12s %12s%n", "tests (failed, errors)", one.tests(), four.tests());
            System.out.printf(Locale.ROOT, "  %-28s %12d%n", "kit databases left after", leftovers);
            assertThat(one.exitCode()).as("one fork:%n%s", one.tail()).isZero();
            assertThat(four.exitCode()).as("four forks:%n%s", four.tail()).isZero();
            assertThat(leftovers).isZero();
        } finally {
            run(List.of("docker", "rm", "-f", name), Map.of());
        }
    }

    @Test
    void timeToFirstTestOfASecondRunWithReuseAgainstTheFirst() throws Exception {
        List<String> before = reusedContainers();
        Map<String, String> env = Map.of("TESTCONTAINERS_REUSE_ENABLE", "true");
        List<String> args = List.of("test", "-Dtest=FirstQueueTest", "-Dqueuetestkit.reuse=true");
        try {
            Result first = maven(args, env);
            double firstClass = classSeconds("com.example.queue.FirstQueueTest");
            Result second = maven(args, env);
            double secondClass = classSeconds("com.example.queue.FirstQueueTest");

            System.out.printf(Locale.ROOT, "%nFirstQueueTest with queuetestkit.reuse=true (container mode, %s)%n", IMAGE);
            System.out.printf(Locale.ROOT, "  %-40s %12s %12s%n", "", "first run", "second run");
            System.out.printf(Locale.ROOT, "  %-40s %10.1f s %10.1f s%n", "mvn wall time", first.seconds(),
                    second.seconds());
            System.out.printf(Locale.ROOT, "  %-40s %10.1f s %10.1f s%n", "class start to end (server, template, tests)",
                    firstClass, secondClass);
            assertThat(first.exitCode()).as(first.tail()).isZero();
            assertThat(second.exitCode()).as(second.tail()).isZero();
        } finally {
            List<String> after = reusedContainers();
            after.removeAll(before);
            for (String id : after) {
                run(List.of("docker", "rm", "-f", id), Map.of());
            }
        }
    }

    private record Result(int exitCode, double seconds, String output) {

        String tests() {
            Matcher m = Pattern.compile("Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: \\d+\\s*$",
                    Pattern.MULTILINE).matcher(output);
            String last = "?";
            while (m.find()) {
                last = m.group(1) + " (" + m.group(2) + ", " + m.group(3) + ")";
            }
            return last;
        }

        String tail() {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
    }

    private static Result maven(List<String> args, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-ntp", "-o", "-f", "examples"));
        String repo = System.getProperty("queuetestkit.bench.repo");
        if (repo != null) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        command.addAll(args);
        Map<String, String> all = new LinkedHashMap<>(env);
        all.putIfAbsent("TESTCONTAINERS_RYUK_DISABLED", "true");
        return run(command, all);
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("QUEUETESTKIT_"));
        builder.environment().putAll(env);
        Path log = Files.createTempFile("qtk-bench", ".log");
        builder.redirectOutput(log.toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return new Result(process.exitValue(), seconds, output);
    }

    private static void awaitReady(String container) throws Exception {
        for (int i = 0; i < 60; i++) {
            String logs = run(List.of("docker", "logs", container), Map.of()).output();
            if (logs.split("ready to accept connections", -1).length - 1 >= 2) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException(container + " did not become ready in 60 s");
    }

    private static long countKitDatabases(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "postgres", PASSWORD);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT count(*) FROM pg_database WHERE datname LIKE 'qtk!_%' ESCAPE '!'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // The examples' Surefire report for one class: its time covers the server, the template and the tests.
    private static double classSeconds(String testClass) throws IOException {
        String xml = Files.readString(ROOT.resolve("examples/target/surefire-reports/TEST-" + testClass + ".xml"));
        Matcher m = Pattern.compile("<testsuite [^>]*time=\"([0-9.,]+)\"").matcher(xml);
        return m.find() ? Double.parseDouble(m.group(1).replace(",", "")) : Double.NaN;
    }

    private static List<String> reusedContainers() throws Exception {
        return new ArrayList<>(run(List.of("docker", "ps", "-q", "--filter", "label=org.testcontainers.hash"), Map.of())
                .output().lines().filter(line -> !line.isBlank()).toList());
    }
}
