package dev.kthw.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kthw.cli.CliRunner;
import dev.kthw.cli.inventory.ClusterPlan;

/** {@code kthw render} end to end, in-process. */
class RenderCommandTest {
    @TempDir
    Path tmp;

    private Path setUp(String version) {
        ClusterPlan plan = Fixtures.plan(tmp, version);
        Fixtures.writeFakeState(plan, tmp.resolve(".kthw"));
        return tmp.resolve("inventory.yaml");
    }

    @Test
    void rendersTheTreeManifestsAndAddOns() throws IOException {
        Path inv = setUp("1.36");
        Path out = tmp.resolve("out");
        CliRunner.Result r = CliRunner.run("render", "--no-generate", "-i", inv.toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("rendered Kubernetes 1.36.4", "for 4 hosts:", "k8s-master-1", "output: " + out);
        assertThat(r.out()).containsPattern("k8s-worker-1 +16 files \\(11 rendered, 5 from state\\), 6 directories");
        assertThat(out.resolve("k8s-master-1/etc/systemd/system/etcd.service")).isRegularFile();
        assertThat(out.resolve("k8s-worker-2/etc/cni/net.d/10-bridge.conf")).content().contains("10.200.1.0/24");
        assertThat(out.resolve("cluster/coredns.yaml")).isRegularFile();
        assertThat(out.resolve("cluster/apiserver-to-kubelet-rbac.yaml")).isRegularFile();
        List<String> manifest = Files.readAllLines(out.resolve("k8s-master-1.manifest"));
        assertThat(manifest.stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList()).as("sorted by path").isSorted();
        assertThat(manifest).contains("0700 root root - /var/lib/etcd/");
        assertThat(manifest).anyMatch(l -> l.matches("0600 root root [0-9a-f]{64} /etc/etcd/etcd.key"));
        assertThat(manifest).anyMatch(l -> l.matches("0644 root root [0-9a-f]{64} /etc/systemd/system/etcd.service"));
        // secrets are 0600 locally too, everything else 0644, directories 0700
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("k8s-master-1/etc/etcd/etcd.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("k8s-worker-1/var/lib/kubelet/kubeconfig"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("k8s-master-1/etc/etcd/ca.crt"))))
                .isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                .isEqualTo("rwx------");
    }

    @Test
    void twoRunsAreByteIdentical() throws IOException {
        Path inv = setUp("1.21");
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertThat(CliRunner.run("render", "--no-generate", "-i", inv.toString(), "--out", a.toString()).exitCode()).isZero();
        assertThat(CliRunner.run("render", "--no-generate", "-i", inv.toString(), "--out", b.toString()).exitCode()).isZero();
        // and a re-render into the same directory replaces it
        assertThat(CliRunner.run("render", "--no-generate", "-i", inv.toString(), "--out", a.toString()).exitCode()).isZero();
        List<String> files = OutputTree.listFiles(a);
        assertThat(files).isEqualTo(OutputTree.listFiles(b)).hasSizeGreaterThan(60);
        for (String f : files) {
            assertThat(Arrays.equals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)))).as(f).isTrue();
        }
    }

    @Test
    void defaultOutputIsBuildClusterNameBesideTheInventory() {
        Path inv = setUp("1.36");
        CliRunner.Result r = CliRunner.run("render", "--no-generate", "-i", inv.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(tmp.resolve("build/kubernetes-the-hard-way/k8s-worker-1.manifest")).isRegularFile();
    }

    @Test
    void missingStateIsOneLineAndExitCode3() {
        Fixtures.writeInventory(tmp, Fixtures.exampleText("1.36"));
        CliRunner.Result r = CliRunner.run("render", "--no-generate", "-i", tmp.resolve("inventory.yaml").toString(), "--out", tmp.resolve("o").toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("error: the state directory " + tmp.resolve(".kthw") + " lacks 25 file(s)")
                .contains("run 'kthw certs generate' and 'kthw kubeconfig generate' first");
        assertThat(tmp.resolve("o")).doesNotExist();
    }

    @Test
    void refusesToWipeADirectoryItDidNotWrite() throws IOException {
        Path inv = setUp("1.36");
        Path out = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(out.resolve("precious.txt"), "keep");
        CliRunner.Result r = CliRunner.run("render", "--no-generate", "-i", inv.toString(), "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("is not a kthw render output");
        assertThat(out.resolve("precious.txt")).hasContent("keep");
    }

    @Test
    void withoutStateRenderMakesItFirstAndASecondRunReusesIt() throws IOException {
        Path inv = Fixtures.writeInventory(tmp, Fixtures.exampleText("1.36"));
        Path out = tmp.resolve("out");
        CliRunner.Result r = CliRunner.run("render", "-i", inv.toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("certificates: 13 created").contains("kubeconfigs: 7 created").contains("encryption config: created");
        Path state = tmp.resolve(".kthw");
        assertThat(out.resolve("k8s-master-1/var/lib/kubernetes/kube-apiserver.crt")).hasSameBinaryContentAs(state.resolve("pki/kube-apiserver.crt"));
        CliRunner.Result again = CliRunner.run("render", "-i", inv.toString(), "--out", out.toString());
        assertThat(again.out()).contains("certificates: 0 created, 0 re-issued, 13 unchanged")
                .contains("kubeconfigs: 0 created, 0 changed, 7 unchanged").contains("encryption config: unchanged");
    }

    @Test
    void rendersRealStateFromCertsAndKubeconfigGenerate() throws IOException {
        Path inv = Fixtures.writeInventory(tmp, Fixtures.exampleText("1.36"));
        assertThat(CliRunner.run("certs", "generate", "-i", inv.toString()).exitCode()).isZero();
        assertThat(CliRunner.run("kubeconfig", "generate", "-i", inv.toString()).exitCode()).isZero();
        Path out = tmp.resolve("out");
        CliRunner.Result r = CliRunner.run("render", "--no-generate", "-i", inv.toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path state = tmp.resolve(".kthw");
        assertThat(out.resolve("k8s-master-2/etc/etcd/etcd.crt")).hasSameBinaryContentAs(state.resolve("pki/etcd-k8s-master-2.crt"));
        assertThat(out.resolve("k8s-worker-1/var/lib/kubelet/kubelet.key")).hasSameBinaryContentAs(state.resolve("pki/kubelet-k8s-worker-1.key"));
        assertThat(out.resolve("k8s-worker-2/var/lib/kubelet/kubeconfig"))
                .hasSameBinaryContentAs(state.resolve("kubeconfig/kubelet-k8s-worker-2.kubeconfig"));
        assertThat(out.resolve("k8s-master-1/var/lib/kubernetes/encryption-config.yaml")).content()
                .contains("apiVersion: apiserver.config.k8s.io/v1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                out.resolve("k8s-master-1/var/lib/kubernetes/encryption-config.yaml")))).isEqualTo("rw-------");
    }
}
