package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.base.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * The template databases of one server: each recipe is built once, then every class database that needs it
 * is a {@code CREATE DATABASE ... TEMPLATE} clone, which copies files instead of re-running scripts.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class TemplateCache {

    private static final String DUPLICATE_DATABASE = "42P04";

    private final RunLease run;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Set<String> built = ConcurrentHashMap.newKeySet();
    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    private final AtomicInteger builds = new AtomicInteger();
    private final AtomicInteger sparesTaken = new AtomicInteger();
    private final Map<String, CompletableFuture<String>> spares = new ConcurrentHashMap<>();
    private final ExecutorService spareMaker = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "queue-testkit-spare-database");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param run the lease of the run these templates serve, which marks what it builds and holds the templates
     *     it clones
     */
    public TemplateCache(RunLease run) {
        this.run = run;
    }

    /** @return how many class databases were handed out from a spare made ahead of time */
    public int sparesTaken() {
        return sparesTaken.get();
    }

    /**
     * Takes the spare database made ahead of time for this key, waiting if it is still being made.
     *
     * @param key the template and settings the spare was made with
     * @return the spare's name, or null when there is none (or making it failed)
     */
    String takeSpare(String key) {
        CompletableFuture<String> spare = spares.remove(key);
        if (spare == null) {
            return null;
        }
        String name = spare.exceptionally(failure -> null).join();
        if (name != null) {
            sparesTaken.incrementAndGet();
        }
        return name;
    }

    /**
     * Starts making the next database for this key in the background, unless one is already on its way:
     * {@code CREATE DATABASE} costs a few hundred milliseconds on a busy machine, and the next class need not wait
     * for it.
     *
     * @param key the template and settings the spare is made with
     * @param maker makes a database of the given name
     */
    void prepareSpare(String key, Function<String, String> maker) {
        spares.computeIfAbsent(key, k -> CompletableFuture.supplyAsync(
                () -> maker.apply("qtk_spare_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)),
                spareMaker));
    }

    /** Waits until every spare on its way is made (or failed), so a test knows what exists on the server. */
    void awaitSpares() {
        for (CompletableFuture<String> spare : spares.values()) {
            spare.exceptionally(failure -> null).join();
        }
    }

    /**
     * Drops the spares nobody took.
     *
     * @param server the server they live on
     */
    void dropSpares(PostgresServer server) {
        for (String key : spares.keySet()) {
            String name = takeSpare(key);
            if (name != null) {
                DatabaseAdmin.drop(server, name);
            }
        }
    }

    /** @return how many templates this cache has built (not found ready): lets tests prove a clone was used */
    public int builds() {
        return builds.get();
    }

    /**
     * @param server where the template lives
     * @param recipe what it holds
     * @return the name of a ready template database for the recipe
     */
    public String obtain(PostgresServer server, TemplateRecipe recipe) {
        if (recipe.isEmpty()) {
            return "template1";
        }
        String name = recipe.databaseName();
        synchronized (locks.computeIfAbsent(name, n -> new Object())) {
            // Held before looking: from here on no other run drops the template while this one may clone it.
            run.useTemplate(name);
            if (ready.contains(name)) {
                return name;
            }
            // Other JVMs on the same server build the same key in turn: the second waits, then finds it ready.
            try (Connection buildLock = run.lockBuild(name)) {
                if (exists(server, name)) {
                    if (run.reuse()) {
                        // A template this run wants kept answers to it now, so no cleanup takes it for a dead run's.
                        run.mark(name, DatabaseMark.Kind.TEMPLATE);
                    }
                    ready.add(name);
                    return name;
                }
                build(server, recipe, name);
                built.add(name);
                ready.add(name);
                builds.incrementAndGet();
                return name;
            } catch (SQLException e) {
                throw new QueueTestkitException("Could not release the build lock of template " + name + " on "
                        + server.describe() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Drops the templates this run is the last user of: those it built, and those it found ready whose builder is
     * gone and did not want them reused; but none that another run still clones, which is left to its last user's run
     * (or the next run's cleanup).
     *
     * @param server the server they live on
     */
    void dropAll(PostgresServer server) {
        Set<String> candidates = new LinkedHashSet<>(built);
        Set<Integer> live = null;
        for (String name : run.templatesInUse()) {
            if (built.contains(name)) {
                continue;
            }
            DatabaseMark mark = run.markOf(name);
            if (mark != null && mark.kind() == DatabaseMark.Kind.TEMPLATE && !mark.reuse()) {
                live = live == null ? run.liveRuns() : live;
                if (!live.contains(mark.runKey())) {
                    candidates.add(name);
                }
            }
        }
        for (String name : candidates) {
            if (run.tryTakeTemplate(name)) {
                try {
                    DatabaseAdmin.drop(server, name);
                } finally {
                    run.releaseTemplate(name);
                }
            }
        }
        built.clear();
        ready.clear();
    }

    private void build(PostgresServer server, TemplateRecipe recipe, String name) {
        // Built under a temporary name and renamed when complete, so no one clones a half-built template.
        String building = name + "_b" + UUID.randomUUID().toString().substring(0, 8);
        DatabaseAdmin.create(server, building, "template1");
        try {
            run.mark(building, DatabaseMark.Kind.BUILDING);
            ManagedDatabase database = new ManagedDatabase(server, building);
            for (TemplateStep step : recipe.steps()) {
                step.apply(database);
            }
            run.mark(building, DatabaseMark.Kind.TEMPLATE);
        } catch (RuntimeException e) {
            DatabaseAdmin.drop(server, building);
            throw e;
        }
        try (Connection connection = server.connectMaintenance();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + Identifiers.quote(building) + " RENAME TO " + Identifiers.quote(name));
        } catch (SQLException e) {
            DatabaseAdmin.drop(server, building);
            if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                throw new QueueTestkitException("Could not finish template " + name + " on " + server.describe()
                        + ": " + e.getMessage(), e);
            }
            // A run of an older kit, which took no build lock, built the same template first; it is as good as ours.
        }
    }

    private static boolean exists(PostgresServer server, String name) {
        try (Connection connection = server.connectMaintenance();
                PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not look up template " + name + " on " + server.describe()
                    + ": " + e.getMessage(), e);
        }
    }
}
