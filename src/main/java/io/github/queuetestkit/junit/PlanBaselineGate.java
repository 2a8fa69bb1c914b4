package io.github.queuetestkit.junit;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.sql.BaselineMode;
import io.github.queuetestkit.sql.CapturedStatements;
import io.github.queuetestkit.sql.EveryPlanAssert;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What {@link PlanBaseline} does after each test method: find the method's baseline file and compare the plans of
 * what the method ran with it.
 */
final class PlanBaselineGate {

    static final String DEFAULT_DIR = "src/test/resources";
    private static final String DIR_VARIABLE = "QUEUETESTKIT_BASELINES_DIR";
    private static final List<String> BUILD_FILES = List.of("pom.xml", "build.gradle", "build.gradle.kts");
    private static final Pattern INVOCATION = Pattern.compile("\\[test-template-invocation:#(\\d+)]$");

    private PlanBaselineGate() {
    }

    /** @return the annotation on the method, its class or an enclosing class, nearest first */
    static Optional<PlanBaseline> of(ExtensionContext context) {
        Optional<Method> method = context.getTestMethod();
        if (method.isEmpty()) {
            return Optional.empty();
        }
        Optional<PlanBaseline> found = AnnotationSupport.findAnnotation(method.get(), PlanBaseline.class);
        for (Class<?> c = context.getRequiredTestClass(); found.isEmpty() && c != null; c = c.getEnclosingClass()) {
            found = AnnotationSupport.findAnnotation(c, PlanBaseline.class);
        }
        return found;
    }

    /**
     * Compares the method's plans with its baseline, unless the method failed on its own.
     *
     * @param context the test method's context
     * @param gate its annotation
     * @param captured what its body ran
     */
    static void check(ExtensionContext context, PlanBaseline gate, CapturedStatements captured) {
        if (context.getExecutionException().isPresent()) {
            return;
        }
        BaselineMode mode = BaselineMode.from(context::getConfigurationParameter);
        EveryPlanAssert plans = new EveryPlanAssert(captured);
        if (gate.withGenericPlans()) {
            plans.withCustomAndGenericPlans();
        }
        plans.matchesBaseline(file(context), mode);
    }

    /** @return {@code <project>/<dir>/<package>/<TestClass>/<method>.plans} */
    static Path file(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        String dir = context.getConfigurationParameter(BaselineMode.DIR_SETTING).filter(v -> !v.isBlank())
                .orElseGet(() -> Optional.ofNullable(System.getenv(DIR_VARIABLE)).filter(v -> !v.isBlank())
                        .orElse(DEFAULT_DIR));
        Path base;
        try {
            base = projectDirectory(testClass).resolve(dir);
        } catch (InvalidPathException e) {
            throw new InvalidConfigurationException(BaselineMode.DIR_SETTING + " is '" + dir + "', which is not a"
                    + " path: " + e.getMessage() + ". Name a directory, relative to the project directory.");
        }
        String packagePath = testClass.getPackageName().replace('.', '/');
        String className = testClass.getName().substring(testClass.getPackageName().isEmpty() ? 0
                : testClass.getPackageName().length() + 1).replace('$', '.');
        String name = context.getRequiredTestMethod().getName();
        Matcher invocation = INVOCATION.matcher(context.getUniqueId());
        if (invocation.find()) {
            name += "-" + invocation.group(1);
        }
        return (packagePath.isEmpty() ? base : base.resolve(packagePath)).resolve(className).resolve(name + ".plans");
    }

    /**
     * The project directory: the nearest directory above the test classes (target/test-classes, build/classes/...)
     * that holds a build file, so the files land next to the tests whether Maven (working directory = module) or an
     * IDE (working directory = often the repository root) runs them; else the working directory.
     */
    static Path projectDirectory(Class<?> testClass) {
        try {
            CodeSource source = testClass.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                for (Path p = Path.of(source.getLocation().toURI()); p != null; p = p.getParent()) {
                    for (String buildFile : BUILD_FILES) {
                        if (Files.isRegularFile(p.resolve(buildFile))) {
                            return p;
                        }
                    }
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // A class from a jar or an unusual class loader: fall back to the working directory.
        }
        return Path.of(System.getProperty("user.dir"));
    }
}
