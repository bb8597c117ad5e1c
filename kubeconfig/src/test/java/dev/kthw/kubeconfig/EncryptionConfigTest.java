package dev.kthw.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class EncryptionConfigTest {

    private static final FileTime OLD = FileTime.fromMillis(1_000_000_000_000L);

    @TempDir
    Path tmp;

    @Test
    void createsTheExactStructureWithA32ByteKeyPrivately() throws IOException {
        Path file = tmp.resolve("state/secrets/" + EncryptionConfig.FILE_NAME);
        EncryptionConfig cfg = EncryptionConfig.loadOrCreate(file);

        assertThat(cfg.outcome()).isEqualTo(WriteOutcome.CREATED);
        assertThat(cfg.file()).isEqualTo(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(cfg.toBytes());
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(file.getParent())).isEqualTo("rwx------");
        assertThat(Files.list(file.getParent()).toList()).containsExactly(file); // no temp file left

        Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        String secret = Base64.getEncoder().encodeToString(cfg.key());
        assertThat(doc).isEqualTo(Map.of(
                "kind", "EncryptionConfiguration",
                "apiVersion", "apiserver.config.k8s.io/v1",
                "resources", List.of(Map.of(
                        "resources", List.of("secrets"),
                        "providers", List.of(
                                Map.of("aescbc", Map.of("keys", List.of(Map.of("name", "key1", "secret", secret)))),
                                Map.of("identity", Map.of()))))));
        assertThat(cfg.key()).hasSize(32);
        assertThat(Base64.getDecoder().decode(secret)).hasSize(32);
        assertThat(cfg.keyName()).isEqualTo("key1");
        assertThat(cfg.toString()).doesNotContain(secret);
        assertThat(Files.readString(file)).startsWith("kind: EncryptionConfiguration\n")
                .contains("\n  - identity: {}\n");
    }

    @Test
    void secondCallReusesTheFileWithoutTouchingIt() throws IOException {
        Path file = tmp.resolve(EncryptionConfig.FILE_NAME);
        EncryptionConfig first = EncryptionConfig.loadOrCreate(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.setLastModifiedTime(file, OLD);

        EncryptionConfig second = EncryptionConfig.loadOrCreate(file);
        assertThat(second.outcome()).isEqualTo(WriteOutcome.UNCHANGED);
        assertThat(second.key()).isEqualTo(first.key());
        assertThat(second.toBytes()).isEqualTo(bytes);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(OLD);
        assertThat(EncryptionConfig.load(file).key()).isEqualTo(first.key());

        // a different cluster gets a different key
        assertThat(EncryptionConfig.loadOrCreate(tmp.resolve("other/" + EncryptionConfig.FILE_NAME)).key())
                .isNotEqualTo(first.key());
    }

    @Test
    void validExistingFileWithLooseModeIsReusedAndTightened() throws IOException {
        Path file = tmp.resolve("enc.yaml");
        byte[] key = new byte[32];
        key[0] = 7;
        // a hand-written file: other formatting, a second (rotation) key; must be reused as-is
        String text = "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n"
                + "  - resources: [secrets]\n    providers:\n      - aescbc:\n          keys:\n"
                + "            - {name: new, secret: " + Base64.getEncoder().encodeToString(key) + "}\n"
                + "            - {name: old, secret: " + Base64.getEncoder().encodeToString(new byte[32]) + "}\n"
                + "      - identity: {}\n";
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        EncryptionConfig cfg = EncryptionConfig.loadOrCreate(file);
        assertThat(cfg.outcome()).isEqualTo(WriteOutcome.UNCHANGED);
        assertThat(cfg.keyName()).isEqualTo("new");
        assertThat(cfg.key()).isEqualTo(key);
        assertThat(Files.readString(file)).isEqualTo(text);
        assertThat(cfg.toYaml()).isEqualTo(text);
        assertThat(mode(file)).isEqualTo("rw-------");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not: [valid: yaml",
        "just a string",
        "kind: Secret\napiVersion: apiserver.config.k8s.io/v1\nresources: []\n",
        "kind: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\nresources: []\n",
        "kind: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\nresources:\n- resources: [secrets]\n"
            + "  providers:\n  - aescbc:\n      keys:\n      - name: key1\n        secret: AAAAAAAAAAAAAAAAAAAAAA==\n",
        "kind: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\nresources:\n- resources: [secrets]\n"
            + "  providers:\n  - aescbc:\n      keys:\n      - name: key1\n        secret: '%%% not base64'\n",
        "kind: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\nresources:\n- resources: [secrets]\n"
            + "  providers:\n  - identity: {}\n  - aescbc:\n      keys:\n      - name: key1\n"
            + "        secret: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        "kind: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\nresources:\n- resources: [secrets]\n"
            + "  providers:\n  - aescbc:\n      keys: []\n",
    })
    void corruptFileIsAnErrorNamingItAndIsLeftUntouched(String content) throws IOException {
        Path file = tmp.resolve(EncryptionConfig.FILE_NAME);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Files.setLastModifiedTime(file, OLD);

        assertThatThrownBy(() -> EncryptionConfig.loadOrCreate(file))
                .isInstanceOf(KubeconfigException.class)
                .hasMessageStartingWith("corrupt encryption config " + file + ": ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

        assertThat(Files.readString(file)).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(OLD);
        assertThat(mode(file)).isEqualTo("rw-r-----");
        assertThat(Files.list(tmp).toList()).containsExactly(file);
    }

    @Test
    void shortKeyErrorSaysWhy() throws IOException {
        Path file = tmp.resolve(EncryptionConfig.FILE_NAME);
        Files.writeString(file, EncryptionConfig.render("key1", new byte[16]));
        assertThatThrownBy(() -> EncryptionConfig.load(file))
                .hasMessageContaining("aescbc key key1 is 16 bytes, expected 32");
    }

    @Test
    void yamlErrorSaysWhere() throws IOException {
        Path file = Files.writeString(tmp.resolve(EncryptionConfig.FILE_NAME), "kind: x\nresources: [a\n");
        assertThatThrownBy(() -> EncryptionConfig.load(file))
                .hasMessageContaining(file + ": not valid YAML (")
                .hasMessageContaining(" at line ");
    }

    @Test
    void loadOfMissingFileFailsAndCreatesNothing() {
        Path file = tmp.resolve("missing/" + EncryptionConfig.FILE_NAME);
        assertThatThrownBy(() -> EncryptionConfig.load(file))
                .isInstanceOf(KubeconfigException.class).hasMessage("encryption config " + file + " does not exist");
        assertThat(file.getParent()).doesNotExist();
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
