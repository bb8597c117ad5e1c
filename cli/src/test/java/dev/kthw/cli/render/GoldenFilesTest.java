package dev.kthw.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The full rendered tree of templates (not the opaque state copies) for the example inventory, compared with
 * {@code src/test/resources/golden/<minor>/<host>/<node path>} and {@code golden/<minor>/cluster/<add-on>}.
 * Regenerate after an intended change with {@code -Dkthw.golden.update=true} and review the diff in git.
 */
class GoldenFilesTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("kthw.golden.update");

    @TempDir
    Path tmp;

    static Map<String, byte[]> templateTree(RenderResult r) {
        Map<String, byte[]> tree = new TreeMap<>();
        for (HostRender h : r.hosts().values()) {
            for (NodeFile f : h.files()) {
                if (f.source() == NodeFile.Source.TEMPLATE) {
                    tree.put(h.host() + f.path(), f.content());
                }
            }
        }
        for (RenderResult.ClusterFile c : r.cluster()) {
            tree.put("cluster/" + c.name(), c.content());
        }
        return tree;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1.21", "1.36"})
    void matchesGolden(String minor) throws IOException {
        Map<String, byte[]> actual = templateTree(Fixtures.render(tmp, minor));
        Path dir = GOLDEN.resolve(minor);
        if (UPDATE) {
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            for (var e : actual.entrySet()) {
                Path f = dir.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.write(f, e.getValue());
            }
        }
        assertThat(dir).as("golden files for " + minor + " (create them with -Dkthw.golden.update=true)").isDirectory();
        Map<String, byte[]> expected = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                expected.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        assertThat(actual.keySet()).as("rendered files vs golden/" + minor).containsExactlyElementsOf(expected.keySet());
        for (String k : expected.keySet()) {
            if (!Arrays.equals(expected.get(k), actual.get(k))) {
                assertThat(new String(actual.get(k), StandardCharsets.UTF_8)).as("golden/" + minor + "/" + k
                        + " (regenerate with -Dkthw.golden.update=true if intended)")
                        .isEqualTo(new String(expected.get(k), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void seedFlagsAreIn121AndGoneIn136() throws IOException {
        String kubelet121 = Files.readString(GOLDEN.resolve("1.21/k8s-worker-1/etc/systemd/system/kubelet.service"));
        String kubelet136 = Files.readString(GOLDEN.resolve("1.36/k8s-worker-1/etc/systemd/system/kubelet.service"));
        for (String seedFlag : List.of("--network-plugin=cni", "--container-runtime=remote", "--image-pull-progress-deadline=2m",
                "--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock")) {
            assertThat(kubelet121).contains(seedFlag);
            assertThat(kubelet136).doesNotContain(seedFlag);
        }
        assertThat(Files.readString(GOLDEN.resolve("1.21/k8s-master-1/etc/kubernetes/config/kube-scheduler.yaml")))
                .contains("apiVersion: kubescheduler.config.k8s.io/v1beta1");
        assertThat(Files.readString(GOLDEN.resolve("1.36/k8s-master-1/etc/kubernetes/config/kube-scheduler.yaml")))
                .contains("apiVersion: kubescheduler.config.k8s.io/v1\n");
        assertThat(Files.readString(GOLDEN.resolve("1.36/k8s-worker-1/var/lib/kubelet/kubelet-config.yaml")))
                .contains("containerRuntimeEndpoint: \"unix:///var/run/containerd/containerd.sock\"");
        assertThat(Files.readString(GOLDEN.resolve("1.21/k8s-worker-1/var/lib/kubelet/kubelet-config.yaml")))
                .doesNotContain("containerRuntimeEndpoint");
        assertThat(Files.readString(GOLDEN.resolve("1.36/k8s-worker-1/etc/containerd/config.toml"))).contains("\nversion = 3\n");
        assertThat(Files.readString(GOLDEN.resolve("1.21/k8s-worker-1/etc/containerd/config.toml"))).contains("\nversion = 2\n");
        assertThat(Files.readString(GOLDEN.resolve("1.21/k8s-master-1/etc/systemd/system/etcd.service")))
                .contains("Environment=ETCD_UNSUPPORTED_ARCH=arm64");
        assertThat(Files.readString(GOLDEN.resolve("1.36/k8s-master-1/etc/systemd/system/etcd.service")))
                .doesNotContain("ETCD_UNSUPPORTED_ARCH");
    }
}
