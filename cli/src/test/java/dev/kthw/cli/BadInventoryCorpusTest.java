package dev.kthw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code inventories/bad} is the valid base inventory with one fault. Each must give exactly one
 * error line naming the expected field (and host), exit code 2, and leave no file behind.
 */
class BadInventoryCorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/inventories/bad");

    static Stream<Path> corpus() throws IOException {
        return Files.list(CORPUS).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @Test
    void corpusIsBigEnough() throws IOException {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(25);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void validateRejectsWithOneLineNamingTheField(Path file, @TempDir Path tmp) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String field = lines.get(0).replace("# expect-field:", "").trim();
        String text = lines.get(1).replace("# expect-text:", "").trim();

        Path state = tmp.resolve("state");
        for (String[] args : commands(file, state)) {
            CliRunner.Result r = CliRunner.run(args);
            List<String> errors = r.errLines().stream().filter(l -> l.startsWith("error: ")).toList();
            assertThat(r.exitCode()).as("exit code of %s", String.join(" ", args)).isEqualTo(2);
            assertThat(errors).as("error lines of %s:\n%s", args[0], r.err()).hasSize(1);
            String line = errors.get(0);
            assertThat(line).contains(file.toString());
            if (!field.isEmpty()) {
                assertThat(line).contains(": " + field + (line.contains(field + " (host") ? " (host" : ":"));
            }
            assertThat(line).contains(text);
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(state).doesNotExist();
        }
    }

    /** Every command that reads an inventory must refuse it the same way. */
    static List<String[]> commands(Path file, Path state) {
        List<String[]> out = new java.util.ArrayList<>();
        out.add(new String[] {"validate", "-i", file.toString()});
        out.add(new String[] {"certs", "generate", "-i", file.toString(), "--state", state.toString()});
        out.add(new String[] {"kubeconfig", "generate", "-i", file.toString(), "--state", state.toString()});
        out.add(new String[] {"render", "-i", file.toString(), "--state", state.toString(), "--out", state.resolve("out").toString()});
        return out;
    }

    @Test
    void missingFileIsAOneLineError() {
        CliRunner.Result r = CliRunner.run("validate", "-i", "no-such-inventory.yaml");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("error: no-such-inventory.yaml: file not found");
    }

    @Test
    void missingOptionIsAUsageError() {
        CliRunner.Result r = CliRunner.run("validate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--inventory=FILE'");
    }
}
