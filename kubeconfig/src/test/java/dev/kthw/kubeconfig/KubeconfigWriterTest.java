package dev.kthw.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigWriterTest {

    private static final List<String> MASTERS = List.of("master-0", "master-1");
    private static final List<String> WORKERS = List.of("worker-0", "worker-1");
    private static final FileTime OLD = FileTime.fromMillis(1_000_000_000_000L);

    @TempDir
    static Path pkiDir;
    static TestPki pki;

    @TempDir
    Path tmp;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(pkiDir).issueAll(WORKERS);
    }

    private static KubeconfigSet set(String apiHost) {
        return KubeconfigSet.of("kubernetes-the-hard-way", apiHost, MASTERS, WORKERS);
    }

    @Test
    void createsPrivateFilesThenSecondRunIsUnchangedAndByteIdentical() throws IOException {
        Path dir = tmp.resolve("state/kubeconfigs");
        KubeconfigWriter writer = new KubeconfigWriter(dir);
        Map<String, Kubeconfig> configs = set("10.0.0.10").render(pki.caPem, pki::lookup);

        Map<String, WriteOutcome> first = writer.writeAll(configs);
        assertThat(first).containsOnlyKeys(configs.keySet());
        assertThat(first.values()).containsOnly(WriteOutcome.CREATED);
        assertThat(listNames(dir)).containsExactlyInAnyOrder("admin.kubeconfig", "admin-remote.kubeconfig",
                "kube-controller-manager.kubeconfig", "kube-scheduler.kubeconfig", "kube-proxy.kubeconfig",
                "kubelet-worker-0.kubeconfig", "kubelet-worker-1.kubeconfig"); // no temp files left over
        assertThat(mode(dir)).isEqualTo("rwx------");
        for (String name : configs.keySet()) {
            assertThat(mode(dir.resolve(name + ".kubeconfig"))).as(name).isEqualTo("rw-------");
        }

        Map<String, byte[]> before = snapshotAndAge(dir);
        // a completely fresh render (new objects, same inputs) writes nothing
        Map<String, WriteOutcome> second = new KubeconfigWriter(dir)
                .writeAll(set("10.0.0.10").render(pki.caPem, pki::lookup));
        assertThat(second.values()).containsOnly(WriteOutcome.UNCHANGED);
        assertUntouched(dir, before, configs.keySet().stream().toList());
    }

    @Test
    void changedServerOrCertChangesOnlyThatFile() throws IOException {
        KubeconfigWriter writer = new KubeconfigWriter(tmp);
        KubeconfigSet set = set("10.0.0.10");
        writer.writeAll(set.render(pki.caPem, pki::lookup));

        // one kubeconfig with a different server
        Map<String, byte[]> before = snapshotAndAge(tmp);
        Kubeconfig proxy = set.render(set.entry("kube-proxy"), pki.caPem, pki::lookup);
        Kubeconfig moved = new Kubeconfig(proxy.clusterName(), "https://10.0.0.99:6443", proxy.userName(),
                proxy.caPem(), proxy.certPem(), proxy.keyPem());
        Map<String, Kubeconfig> all = new HashMap<>(set.render(pki.caPem, pki::lookup));
        all.put("kube-proxy", moved);
        Map<String, WriteOutcome> result = writer.writeAll(all);
        assertThat(changed(result)).containsExactly("kube-proxy");
        assertUntouched(tmp, before, others(result, "kube-proxy"));
        assertThat(Files.readString(tmp.resolve("kube-proxy.kubeconfig"))).contains("server: https://10.0.0.99:6443");
        assertThat(mode(tmp.resolve("kube-proxy.kubeconfig"))).isEqualTo("rw-------");

        // a re-issued kubelet certificate (same CA, new key and cert for one worker)
        writer.writeAll(set.render(pki.caPem, pki::lookup));
        before = snapshotAndAge(tmp);
        pki.issue("kubelet-worker-1", "/CN=system:node:worker-1/O=system:nodes");
        result = writer.writeAll(set.render(pki.caPem, pki::lookup));
        assertThat(changed(result)).containsExactly("kubelet-worker-1");
        assertUntouched(tmp, before, others(result, "kubelet-worker-1"));

        // a moved API endpoint changes exactly the kubeconfigs that use it, not the masters' local ones
        result = writer.writeAll(set("10.0.0.11").render(pki.caPem, pki::lookup));
        assertThat(changed(result)).containsExactlyInAnyOrder("admin-remote", "kube-proxy",
                "kubelet-worker-0", "kubelet-worker-1");
    }

    @Test
    void unchangedContentWithLooseModeIsNotRewrittenButTightened() throws IOException {
        KubeconfigWriter writer = new KubeconfigWriter(tmp);
        KubeconfigSet set = set("10.0.0.10");
        Kubeconfig admin = set.render(set.entry("admin"), pki.caPem, pki::lookup);
        writer.write("admin", admin);
        Path file = tmp.resolve("admin.kubeconfig");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setLastModifiedTime(file, OLD);

        assertThat(writer.write("admin", admin)).isEqualTo(WriteOutcome.UNCHANGED);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(OLD);
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(tmp)).isEqualTo("rwx------");
    }

    @Test
    void errorsAreOneLineAndNameTheFile() throws IOException {
        KubeconfigSet set = set("10.0.0.10");
        Kubeconfig admin = set.render(set.entry("admin"), pki.caPem, pki::lookup);

        Path notADir = Files.writeString(tmp.resolve("plain-file"), "x");
        assertThatThrownBy(() -> new KubeconfigWriter(notADir).write("admin", admin))
                .isInstanceOf(KubeconfigException.class).hasMessage("not a directory: " + notADir);

        Files.createDirectory(tmp.resolve("admin.kubeconfig"));
        assertThatThrownBy(() -> new KubeconfigWriter(tmp).write("admin", admin))
                .isInstanceOf(KubeconfigException.class)
                .hasMessageContaining(tmp.resolve("admin.kubeconfig").toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

        Path target = Files.writeString(tmp.resolve("elsewhere"), "x");
        Files.createSymbolicLink(tmp.resolve("admin-remote.kubeconfig"), target);
        assertThatThrownBy(() -> new KubeconfigWriter(tmp).write("admin-remote", admin))
                .isInstanceOf(KubeconfigException.class)
                .hasMessageContaining(tmp.resolve("admin-remote.kubeconfig").toString());
        assertThat(Files.readString(target)).isEqualTo("x");

        Path readOnly = Files.createDirectory(tmp.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
        if (!Files.isWritable(readOnly)) { // root ignores permissions
            assertThatThrownBy(() -> new KubeconfigWriter(readOnly.resolve("sub")).write("admin", admin))
                    .isInstanceOf(KubeconfigException.class).hasMessageContaining(readOnly.toString());
        }

        assertThatThrownBy(() -> new KubeconfigWriter(tmp).write("../escape", admin))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Content of every file, after setting every mtime to {@link #OLD} so any rewrite shows. */
    private static Map<String, byte[]> snapshotAndAge(Path dir) throws IOException {
        Map<String, byte[]> snap = new HashMap<>();
        for (String f : listNames(dir)) {
            Path p = dir.resolve(f);
            snap.put(f, Files.readAllBytes(p));
            Files.setLastModifiedTime(p, OLD);
        }
        return snap;
    }

    private static void assertUntouched(Path dir, Map<String, byte[]> before, List<String> names) throws IOException {
        for (String name : names) {
            Path p = dir.resolve(name + ".kubeconfig");
            assertThat(Files.readAllBytes(p)).as(name).isEqualTo(before.get(name + ".kubeconfig"));
            assertThat(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS)).as(name).isEqualTo(OLD);
        }
    }

    private static List<String> changed(Map<String, WriteOutcome> result) {
        assertThat(result.values()).doesNotContain(WriteOutcome.CREATED);
        return result.entrySet().stream().filter(e -> e.getValue() == WriteOutcome.CHANGED)
                .map(Map.Entry::getKey).toList();
    }

    private static List<String> others(Map<String, WriteOutcome> result, String except) {
        return result.keySet().stream().filter(n -> !n.equals(except)).toList();
    }

    private static List<String> listNames(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("kubeconfig") || n.startsWith("."))
                    .collect(Collectors.toList());
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
