package io.portcullis.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering of src/docs/architecture.md, checked on the compiled main classes so a change that
 * breaks it fails the build rather than a review: the core (ca, its sub-packages, credential,
 * enrollment, audit) is plain Java with CDI and JTA; adapters are named after their technology and
 * only they touch it; packages form no cycles.
 */
class LayeringTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.portcullis");

    private static final String[] CORE = {"io.portcullis.ca..", "io.portcullis.credential..",
        "io.portcullis.enrollment..", "io.portcullis.audit.."};

    @Test
    void theCoreImportsNoFrameworkOrLibrary() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat(frameworkOrLibrary())
                .because("the core talks to ports; JAX-RS, JPA, JDBC, BouncyCastle and Quarkus live in adapters").check(MAIN);
    }

    @Test
    void entitiesStayInPersistence() {
        classes().that().areAnnotatedWith("jakarta.persistence.Entity")
                .should().resideInAPackage("io.portcullis.persistence")
                .andShould().onlyBeAccessed().byAnyPackage("io.portcullis.persistence")
                .because("rows never leave the persistence adapter; the core sees records").check(MAIN);
    }

    @Test
    void resourcesNeverTouchPersistence() {
        noClasses().that().resideInAnyPackage("io.portcullis.api..",
                "io.portcullis.acme..").should().dependOnClassesThat().resideInAPackage("io.portcullis.persistence..")
                .because("resources call the core, which reaches the database through its ports").check(MAIN);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("io.portcullis.(**)").should().beFreeOfCycles().check(MAIN);
    }

    /**
     * The framework and library types the core must not see. One Quarkus type is allowed:
     * {@code StartupRefusal} extends Quarkus' ConfigurationException, the shape Quarkus prints as one
     * line instead of a stack trace when the operator must fix a setting.
     */
    private static DescribedPredicate<JavaClass> frameworkOrLibrary() {
        return DescribedPredicate.describe("are JAX-RS, JPA, Hibernate, JDBC, BouncyCastle,"
                + " Vert.x or Quarkus runtime types", type -> {
                    String name = type.getName();
                    if (name.equals("io.quarkus.runtime.configuration.ConfigurationException")) {
                        return false;
                    }
                    return name.startsWith("jakarta.ws.rs.") || name.startsWith("jakarta.persistence.")
                            || name.startsWith("org.hibernate.") || name.startsWith("java.sql.")
                            || name.startsWith("org.bouncycastle.") || name.startsWith("io.vertx.")
                            || name.startsWith("io.quarkus.");
                });
    }
}
