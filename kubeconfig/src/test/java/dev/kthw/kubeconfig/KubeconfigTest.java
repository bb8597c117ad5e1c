package dev.kthw.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class KubeconfigTest {

    @TempDir
    static Path pkiDir;
    static TestPki pki;
    static CertAndKey admin;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(pkiDir);
        admin = pki.issue("admin", "/CN=admin/O=system:masters");
    }

    private static Kubeconfig adminConfig() {
        return new Kubeconfig("kubernetes-the-hard-way", "https://10.0.0.10:6443", "admin",
                pki.caPem, admin.certPem(), admin.keyPem());
    }

    @Test
    void sameInputGivesByteIdenticalYaml() {
        byte[] a = adminConfig().toBytes();
        byte[] b = adminConfig().toBytes();
        assertThat(b).isEqualTo(a);
        // and bytes input is the same as String input
        Kubeconfig fromBytes = Kubeconfig.of("kubernetes-the-hard-way", "https://10.0.0.10:6443", "admin",
                pki.caPem.getBytes(StandardCharsets.US_ASCII), admin.certPem().getBytes(StandardCharsets.US_ASCII),
                admin.keyPem().getBytes(StandardCharsets.US_ASCII));
        assertThat(fromBytes.toBytes()).isEqualTo(a);
        assertThat(fromBytes).isEqualTo(adminConfig());
    }

    @Test
    void yamlHasTheKubeconfigStructure() {
        String yaml = adminConfig().toYaml();
        assertThat(yaml).startsWith("apiVersion: v1\nkind: Config\nclusters:\n").endsWith("current-context: default\n")
                .doesNotContain("\r").doesNotContain("{").doesNotContain("&");
        Map<?, ?> root = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
        assertThat(List.copyOf(root.keySet())).isEqualTo(List.of("apiVersion", "kind", "clusters", "users", "contexts",
                "current-context"));
        Map<?, ?> cluster = (Map<?, ?>) ((Map<?, ?>) ((List<?>) root.get("clusters")).get(0)).get("cluster");
        assertThat(cluster.get("server")).isEqualTo("https://10.0.0.10:6443");
        assertThat(Base64.getDecoder().decode((String) cluster.get("certificate-authority-data")))
                .isEqualTo(pki.caPem.getBytes(StandardCharsets.US_ASCII));
        Map<?, ?> user = (Map<?, ?>) ((Map<?, ?>) ((List<?>) root.get("users")).get(0)).get("user");
        assertThat(Base64.getDecoder().decode((String) user.get("client-key-data")))
                .isEqualTo(admin.keyPem().getBytes(StandardCharsets.US_ASCII));
        assertThat(((List<?>) root.get("contexts")).get(0)).isEqualTo(
                Map.of("name", "default", "context", Map.of("cluster", "kubernetes-the-hard-way", "user", "admin")));
    }

    @Test
    void toStringDoesNotLeakTheKey() {
        assertThat(adminConfig().toString()).doesNotContain("PRIVATE").doesNotContain(admin.keyPem());
        assertThat(admin.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void rejectsBadInput() {
        String ca = pki.caPem;
        String crt = admin.certPem();
        String key = admin.keyPem();
        assertThatThrownBy(() -> new Kubeconfig("c", "http://h:6443", "u", ca, crt, key)).hasMessageContaining("https");
        assertThatThrownBy(() -> new Kubeconfig(" ", "https://h:6443", "u", ca, crt, key)).hasMessageContaining("clusterName");
        assertThatThrownBy(() -> new Kubeconfig("c", "https://h:6443", "u", key, crt, key)).hasMessageContaining("caPem");
        assertThatThrownBy(() -> new Kubeconfig("c", "https://h:6443", "u", ca, crt, crt)).hasMessageContaining("keyPem");
        assertThatThrownBy(() -> new Kubeconfig("c", "https://h:6443", "u", ca, crt,
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAA==\n-----END ENCRYPTED PRIVATE KEY-----\n"))
                .hasMessageContaining("encrypted");
        assertThatThrownBy(() -> new Kubeconfig("c", "https://h:6443", "u\nx", ca, crt, key))
                .hasMessageContaining("userName");
    }
}
