package io.jdbcguard;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The driver's packages depend one way, as the module's package overview draws them: each uses only those before it
 * in {@link #LAYERS} (and this package's {@link DriverState}, {@link GuardViolationException} and entry points, which
 * are outside the layers).
 */
class PackageLayersTest {
    /** From the bottom up. */
    private static final List<String> LAYERS = List.of("policy", "targets", "origin", "audit", "breakglass",
            "enforce", "jdbc", "decision", "cli");

    @Test
    void eachPackageUsesOnlyThePackagesBeforeIt() {
        LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : LAYERS) {
            architecture = architecture.layer(layer).definedBy("io.jdbcguard." + layer + "..");
        }
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            architecture = architecture.whereLayer(LAYERS.get(i))
                    .mayOnlyBeAccessedByLayers(LAYERS.subList(i + 1, LAYERS.size()).toArray(String[]::new));
        }
        architecture.whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.jdbcguard"));
    }
}
