package io.jdbcguard.rules;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The stages of statement analysis depend one way, as the module's package overview draws them: the vocabulary
 * ({@code io.jdbcguard.rules}) &lt;- lexing &lt;- parsing &lt;- semantics &lt;- checks &lt;- analyzer.
 */
class StagesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jdbcguard.rules");

    @Test
    void eachStageUsesOnlyTheStagesBeforeIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("vocabulary").definedBy("io.jdbcguard.rules")
                .layer("lexing").definedBy("io.jdbcguard.rules.lexing")
                .layer("parsing").definedBy("io.jdbcguard.rules.parsing")
                .layer("semantics").definedBy("io.jdbcguard.rules.semantics")
                .layer("checks").definedBy("io.jdbcguard.rules.checks")
                .layer("analyzer").definedBy("io.jdbcguard.rules.analyzer")
                .whereLayer("analyzer").mayNotBeAccessedByAnyLayer()
                .whereLayer("checks").mayOnlyBeAccessedByLayers("analyzer")
                .whereLayer("semantics").mayOnlyBeAccessedByLayers("checks", "analyzer")
                .whereLayer("parsing").mayOnlyBeAccessedByLayers("semantics", "checks", "analyzer")
                .whereLayer("lexing").mayOnlyBeAccessedByLayers("parsing", "semantics", "checks", "analyzer")
                .check(MAIN);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.jdbcguard.rules.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
