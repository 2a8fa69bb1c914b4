package io.github.queuetestkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kit's layers, read from its compiled classes: {@code spring -> junit -> queue -> sql -> plan -> dataset ->
 * migrations -> postgres -> base}, each layer depending only on the ones after it, with the root package a facade above them all whose two
 * exception classes every layer may throw. ARCHITECTURE.md says why.
 */
class PackagesDependOneWayTest {

    private static final String ROOT = "io.github.queuetestkit";
    private static final List<String> LAYERS = List.of("spring", "junit", "queue", "sql", "plan", "dataset",
            "migrations", "postgres", "base");

    private static final JavaClasses KIT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void featurePackagesFormNoCycle() {
        // A package and its internal sub-package are one slice: "(*).." folds every sub-package into its feature.
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(KIT);
    }

    static List<String> layers() {
        return LAYERS;
    }

    @ParameterizedTest
    @MethodSource("layers")
    void eachLayerUsesOnlyTheLayersBelowIt(String layer) {
        int index = LAYERS.indexOf(layer);
        String[] above = LAYERS.subList(0, index).stream().map(name -> ROOT + "." + name + "..")
                .toArray(String[]::new);
        if (above.length == 0) {
            return;
        }
        noClasses().that().resideInAPackage(ROOT + "." + layer + "..")
                .should().dependOnClassesThat().resideInAnyPackage(above)
                .because(layer + " sits below " + String.join(", ", LAYERS.subList(0, index)))
                .check(KIT);
    }

    @Test
    void baseDependsOnNothingOfTheKits() {
        noClasses().that().resideInAPackage(ROOT + ".base..")
                .should().dependOnClassesThat(kitClassOutside(ROOT + ".base"))
                .check(KIT);
    }

    @Test
    void featurePackagesUseTheRootPackageOnlyForItsExceptions() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage(ROOT)
                .should().dependOnClassesThat(rootClassOtherThanTheExceptions());
        rule.check(KIT);
    }

    @Test
    void publicClassesOfInternalPackagesSayTheyAreNotApi() {
        // The kit cannot ship a module-info (Testcontainers splits org.testcontainers.containers over three jars), so
        // a public internal class is one another package of the kit needs, marked so nobody mistakes it for API.
        classes().that().resideInAnyPackage(ROOT + "..internal..", ROOT + ".base..").and().arePublic()
                .and().areTopLevelClasses()
                .should(new com.tngtech.archunit.lang.ArchCondition<JavaClass>("be annotated @API(status = INTERNAL)") {
                    @Override
                    public void check(JavaClass type, com.tngtech.archunit.lang.ConditionEvents events) {
                        boolean internal = type.tryGetAnnotationOfType(API.class)
                                .map(api -> api.status() == API.Status.INTERNAL).orElse(false);
                        if (!internal) {
                            events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(type,
                                    type.getName() + " is public in an internal package without @API(status = INTERNAL)"));
                        }
                    }
                })
                .check(KIT);
    }

    private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> kitClassOutside(String packageName) {
        return com.tngtech.archunit.base.DescribedPredicate.describe("a class of the kit outside " + packageName,
                type -> type.getPackageName().startsWith(ROOT) && !type.getPackageName().startsWith(packageName));
    }

    private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> rootClassOtherThanTheExceptions() {
        return com.tngtech.archunit.base.DescribedPredicate.describe(
                "a class of the root package other than QueueTestkitException and InvalidConfigurationException",
                type -> type.getPackageName().equals(ROOT)
                        && !type.getName().equals(QueueTestkitException.class.getName())
                        && !type.getName().equals(InvalidConfigurationException.class.getName()));
    }
}
