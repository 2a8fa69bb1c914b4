package io.github.queuetestkit.spring.internal;

import io.github.queuetestkit.InvalidConfigurationException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * The class database an application context follows, and the DataSource beans that follow it with the context.
 * It is a lifecycle bean of the lowest phase: when the context pauses (between test classes, by the kit or by
 * Spring's context cache) it stops last, after the schedulers and listeners that use the pools, and closes the
 * pools before the class's database is dropped; when the context resumes it starts first, so the pools point at
 * the next class's clone before any of that work runs again.
 */
final class ClassDatabaseBinding implements SmartLifecycle {

    /** The bean's name in every context the kit customizes. */
    static final String BEAN_NAME = "io.github.queuetestkit.spring.classDatabaseBinding";

    private final List<ClassDataSource> dataSources = new CopyOnWriteArrayList<>();
    private final ConfigurableApplicationContext context;
    private ClassDatabase attached;
    private volatile boolean running;

    /**
     * @param initial the database of the class that loads the context
     * @param context the context
     */
    ClassDatabaseBinding(ClassDatabase initial, ConfigurableApplicationContext context) {
        this.context = context;
        this.attached = initial;
        ClassDatabases.followed(initial, this);
    }

    /** Makes a DataSource bean follow the class database, starting with the current one. */
    synchronized void register(ClassDataSource dataSource) {
        dataSources.add(dataSource);
        if (attached != null) {
            dataSource.attach(attached);
        }
    }

    /** @return the class database the context follows now, or null between classes */
    synchronized ClassDatabase attached() {
        return attached;
    }

    synchronized void attach(ClassDatabase database) {
        if (attached == database) {
            return;
        }
        if (attached != null) {
            throw new InvalidConfigurationException(SpringMessages.sharedContext(attached.testClass(),
                    database.testClass()));
        }
        for (ClassDataSource dataSource : dataSources) {
            dataSource.attach(database);
        }
        attached = database;
        ClassDatabases.followed(database, this);
    }

    synchronized void detach() {
        for (ClassDataSource dataSource : dataSources) {
            dataSource.detach();
        }
        if (attached != null) {
            ClassDatabases.unfollowed(attached, this);
        }
        attached = null;
    }

    /**
     * Makes the context follow a class that starts: its pools point at the class database and its background work
     * runs (again).
     *
     * @param database the class database
     */
    void follow(ClassDatabase database) {
        ClassDatabase current = attached();
        if (current != null && current != database) {
            throw new InvalidConfigurationException(SpringMessages.sharedContext(current.testClass(),
                    database.testClass()));
        }
        if (!context.isRunning()) {
            // This bean starts first and attaches to the database being bound on this thread.
            ClassDatabases.whileBinding(database, () -> {
                ContextPause.resume(context);
                return null;
            });
        }
        attach(database);
    }

    /**
     * Lets go of a class that ends, before its database is dropped: the context's background work pauses, then
     * this bean closes the pools.
     *
     * @param database the class database
     */
    void release(ClassDatabase database) {
        if (attached() != database) {
            // Spring paused the context already (its cache's pause mode "always").
            return;
        }
        if (context.isActive() && context.isRunning()) {
            ContextPause.pause(context);
        }
        synchronized (this) {
            if (attached == database) {
                detach();
            }
        }
    }

    @Override
    public void start() {
        ClassDatabase binding = ClassDatabases.binding();
        if (binding != null) {
            attach(binding);
        }
        running = true;
    }

    @Override
    public void stop() {
        detach();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE;
    }
}
