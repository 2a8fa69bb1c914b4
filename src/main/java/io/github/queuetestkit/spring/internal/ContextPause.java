package io.github.queuetestkit.spring.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Pauses and resumes an application context's background work the way its Spring version does. Spring Framework 7
 * has {@code pause()} and {@code restart()} (what its test context cache uses for contexts not in use; components
 * that opt out, such as a web server on an ephemeral port, keep running); Spring Framework 6 has {@code stop()} and
 * {@code start()}, which stop and start every lifecycle bean.
 */
final class ContextPause {

    private static final Method PAUSE = method("pause");
    private static final Method RESTART = method("restart");

    private ContextPause() {
    }

    static void pause(ConfigurableApplicationContext context) {
        if (PAUSE == null) {
            context.stop();
        } else {
            invoke(PAUSE, context);
        }
    }

    static void resume(ConfigurableApplicationContext context) {
        if (RESTART == null) {
            context.start();
        } else {
            invoke(RESTART, context);
        }
    }

    private static void invoke(Method method, ConfigurableApplicationContext context) {
        try {
            method.invoke(context);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("ConfigurableApplicationContext." + method.getName() + " is public", e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static Method method(String name) {
        try {
            return ConfigurableApplicationContext.class.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
