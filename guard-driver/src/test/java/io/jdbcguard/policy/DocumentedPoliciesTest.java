package io.jdbcguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every policy example in the README and in {@code docs/} (each {@code ```yaml} block with a policy's top-level key)
 * is a policy the driver reads:
 * a reader who copies one gets a working file, not a refusal at connect.
 */
class DocumentedPoliciesTest {
    /** The project's root, from the module's directory (Maven runs tests there). */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** A block is a policy when a line starts with one of the policy's top-level keys (CI workflows are not). */
    private static final Pattern POLICY_KEY = Pattern.compile("(?m)^(environments|origins|guards|unknown|audit"
            + "|break-glass):");

    @TempDir
    Path home;

    static List<String> examples() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(page -> page.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> examples = new ArrayList<>();
        for (Path page : pages) {
            StringBuilder block = null;
            for (String line : Files.readAllLines(page)) {
                if (block == null && line.equals("```yaml")) {
                    block = new StringBuilder("# " + ROOT.relativize(page) + "\n");
                } else if (block != null && line.equals("```")) {
                    if (POLICY_KEY.matcher(block).find()) {
                        examples.add(block.toString());
                    }
                    block = null;
                } else if (block != null) {
                    block.append(line).append('\n');
                }
            }
        }
        assertThat(examples).as("policy examples in the README and docs/").hasSizeGreaterThanOrEqualTo(4);
        return examples;
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyDocumentedPolicyReads(String example) throws Exception {
        Path file = Files.writeString(home.resolve("policy.yml"), example);

        Policy policy = PolicyReader.read(file);

        assertThat(policy).as(example).isNotNull();
    }
}
