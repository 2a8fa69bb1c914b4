package io.github.queuetestkit.spring.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.TargetSource;
import org.springframework.aop.framework.ProxyFactory;

/**
 * One of the application's Hikari DataSource beans, made to follow the class database. The bean the application
 * sees is a proxy of its own class ({@code HikariDataSource}, so injection by that type still works) whose target
 * is a pool built for the current class: a copy of the application's pool settings (sizes, timeouts, auto-commit,
 * init SQL, driver options) connecting to the class database through the class's recording DataSource. When the
 * class ends the pool is closed, so no connection to a dropped database survives; the next class gets a new one.
 */
final class ClassDataSource implements TargetSource {

    private final String beanName;
    private final HikariDataSource settings;
    private volatile HikariDataSource current;
    private volatile HikariDataSource previous;

    /**
     * @param beanName the bean's name, for messages and the pools' names
     * @param settings the bean as the application configured it; never started, only copied
     */
    ClassDataSource(String beanName, HikariDataSource settings) {
        this.beanName = beanName;
        this.settings = settings;
    }

    /** @return the bean the application gets in place of its own */
    Object proxy() {
        ProxyFactory factory = new ProxyFactory();
        factory.setTargetSource(this);
        factory.setProxyTargetClass(true);
        factory.addAdvice((MethodInterceptor) invocation -> {
            if (current == null && invocation.getMethod().getName().equals("getConnection")) {
                throw new SQLException(SpringMessages.noDatabaseNow(beanName));
            }
            return invocation.proceed();
        });
        return factory.getProxy(settings.getClass().getClassLoader());
    }

    /** Builds a pool for the class's database; it opens connections when first asked. */
    void attach(ClassDatabase database) {
        HikariDataSource pool = new HikariDataSource();
        settings.copyStateTo(pool);
        String name = settings.getPoolName() != null ? settings.getPoolName() : beanName;
        pool.setPoolName(name + " @ " + database.database().name());
        pool.setDataSourceClassName(null);
        pool.setJdbcUrl(database.database().jdbcUrl());
        pool.setUsername(null);
        pool.setPassword(null);
        pool.setDataSource(database.recording().alsoRecording(ApplicationConnections.of(
                database.database().jdbcUrl(), settings.getJdbcUrl(), settings.getDataSourceProperties(),
                database.database().username(), database.database().password())));
        current = pool;
    }

    /** Closes the class's pool, ending every connection it holds. */
    void detach() {
        HikariDataSource pool = current;
        current = null;
        if (pool != null) {
            previous = pool;
            pool.close();
        }
    }

    @Override
    public Class<?> getTargetClass() {
        return settings.getClass();
    }

    @Override
    public boolean isStatic() {
        return false;
    }

    // Between classes the target is the closed pool (its getConnection is refused above): close() and toString()
    // still answer, as on the application's own closed pool.
    @Override
    public Object getTarget() {
        HikariDataSource pool = current;
        if (pool != null) {
            return pool;
        }
        return previous != null ? previous : settings;
    }

    @Override
    public void releaseTarget(Object target) {
    }
}
