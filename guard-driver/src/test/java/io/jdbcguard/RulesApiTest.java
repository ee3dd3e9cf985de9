package io.jdbcguard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The driver uses guard-rules only through its API: the vocabulary ({@code io.jdbcguard.rules}) and the entry points
 * ({@code io.jdbcguard.rules.analyzer}), never a stage's internals, so the stages can change without the driver.
 */
class RulesApiTest {
    @Test
    void theDriverUsesOnlyTheRulesApi() {
        noClasses().that().resideInAPackage("io.jdbcguard..").and().resideOutsideOfPackage("io.jdbcguard.rules..")
                .should().dependOnClassesThat().resideInAnyPackage("io.jdbcguard.rules.lexing..",
                        "io.jdbcguard.rules.parsing..", "io.jdbcguard.rules.semantics..", "io.jdbcguard.rules.checks..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.jdbcguard"));
    }
}
