package io.github.queuetestkit.spring.internal;

import io.github.queuetestkit.InvalidConfigurationException;
import javax.sql.DataSource;
import org.springframework.aop.framework.Advised;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Puts each DataSource bean of the application behind a {@link ClassDataSource}, after the application configured
 * it (Spring Boot binds {@code spring.datasource.hikari.*} before this runs). A DataSource that only delegates to
 * another ({@code LazyConnectionDataSourceProxy}, {@code TransactionAwareDataSourceProxy}) is left as it is: its
 * target is a bean that follows.
 */
final class ClassDataSources implements BeanPostProcessor {

    private static final String HIKARI = "com.zaxxer.hikari.HikariDataSource";
    private static final String DELEGATING = "org.springframework.jdbc.datasource.DelegatingDataSource";

    private final ClassDatabaseBinding binding;

    ClassDataSources(ClassDatabaseBinding binding) {
        this.binding = binding;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof DataSource) || (bean instanceof Advised advised
                && advised.getTargetSource() instanceof ClassDataSource)) {
            return bean;
        }
        if (isA(bean.getClass(), HIKARI)) {
            return HikariBeans.follow(bean, beanName, binding);
        }
        if (isA(bean.getClass(), DELEGATING)) {
            return bean;
        }
        throw new InvalidConfigurationException(SpringMessages.unsupportedDataSource(beanName, bean.getClass()));
    }

    // By name, so that without HikariCP or spring-jdbc on the class path nothing here needs their classes.
    private static boolean isA(Class<?> type, String name) {
        for (Class<?> each = type; each != null; each = each.getSuperclass()) {
            if (each.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The part that names HikariCP's type, loaded only for a Hikari bean. */
    private static final class HikariBeans {
        static Object follow(Object bean, String beanName, ClassDatabaseBinding binding) {
            ClassDataSource dataSource = new ClassDataSource(beanName, (com.zaxxer.hikari.HikariDataSource) bean);
            binding.register(dataSource);
            return dataSource.proxy();
        }
    }
}
