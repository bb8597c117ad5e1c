package dev.kthw.cli.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.kthw.cli.ExitCode;
import dev.kthw.cli.KthwException;
import dev.kthw.cli.inventory.Arch;
import dev.kthw.cli.inventory.KubernetesVersion;

class VersionCatalogTest {
    private final VersionCatalog catalog = VersionCatalog.builtin();

    @Test
    void everySupportedMinorHasAProfile() {
        assertThat(catalog.minors()).containsExactlyElementsOf(
                IntStream.rangeClosed(KubernetesVersion.MIN_MINOR, KubernetesVersion.MAX_MINOR).mapToObj(m -> "1." + m).toList());
        for (String minor : catalog.minors()) {
            VersionProfile p = catalog.profile(minor);
            assertThat(p.kubernetes()).startsWith(minor + ".");
            assertThat(p.kubernetesVersion().minorString()).isEqualTo(minor);
        }
    }

    @Test
    void failsafeSchemaKeeps130AsText() {
        VersionProfile p = catalog.profile("1.30");
        assertThat(p.minor()).isEqualTo("1.30");
        assertThat(p.kubernetes()).startsWith("1.30.");
        assertThat(catalog.profile("1.31").minor()).isEqualTo("1.31");
    }

    @Test
    void seedProfileIsTheSeedsVersions() {
        VersionProfile p = catalog.profile("1.21");
        assertThat(p.kubernetes()).isEqualTo("1.21.0");
        assertThat(p.etcd()).isEqualTo("3.4.15");
        assertThat(p.containerd()).isEqualTo("1.6.1");
        assertThat(p.cniPlugins()).isEqualTo("0.9.1");
        assertThat(p.runc()).isEqualTo("1.1.0");
        assertThat(p.crictl()).isEqualTo("1.21.0");
    }

    @Test
    void currentProfileUsesCurrentLines() {
        VersionProfile p = catalog.profile("1.36");
        assertThat(p.containerdVersion().major()).isEqualTo(2);
        assertThat(p.etcd()).startsWith("3.6.");
        assertThat(p.runc()).startsWith("1.3.");
        assertThat(p.cniPluginsVersion().major()).isEqualTo(1);
        assertThat(p.cgroupDriver()).isEqualTo("systemd");
    }

    @Test
    void pinnedPatchOverridesTheCatalog() {
        assertThat(catalog.profile("1.36.2").kubernetes()).isEqualTo("1.36.2");
        assertThat(catalog.profile("1.36.2").etcd()).isEqualTo(catalog.profile("1.36").etcd());
    }

    @Test
    void unknownMinorIsAClearError() {
        assertThatThrownBy(() -> catalog.profile("1.37"))
                .isInstanceOf(KthwException.class)
                .hasMessage("Kubernetes 1.37 is not in kthw's version catalog (known minors: 1.21 .. 1.36)")
                .satisfies(e -> assertThat(((KthwException) e).exitCode()).isEqualTo(ExitCode.INVALID_INPUT));
        assertThatThrownBy(() -> catalog.profile("1.20.3")).hasMessageContaining("1.20.3 is not in kthw's version catalog");
    }

    @Test
    void downloadUrlsForBothArches() {
        VersionProfile p = catalog.profile("1.21");
        assertThat(p.url("etcd", Arch.ARM64))
                .isEqualTo("https://github.com/etcd-io/etcd/releases/download/v3.4.15/etcd-v3.4.15-linux-arm64.tar.gz");
        assertThat(p.url("containerd", Arch.ARM64))
                .isEqualTo("https://github.com/containerd/containerd/releases/download/v1.6.1/containerd-1.6.1-linux-arm64.tar.gz");
        assertThat(p.url("cniPlugins", Arch.AMD64))
                .isEqualTo("https://github.com/containernetworking/plugins/releases/download/v0.9.1/cni-plugins-linux-amd64-v0.9.1.tgz");
        assertThat(p.url("runc", Arch.ARM64)).isEqualTo("https://github.com/opencontainers/runc/releases/download/v1.1.0/runc.arm64");
        assertThat(p.url("crictl", Arch.ARM64))
                .isEqualTo("https://github.com/kubernetes-sigs/cri-tools/releases/download/v1.21.0/crictl-v1.21.0-linux-arm64.tar.gz");
        assertThat(p.kubernetesUrl("kubelet", Arch.ARM64)).isEqualTo("https://dl.k8s.io/release/v1.21.0/bin/linux/arm64/kubelet");
        assertThat(p.download("kubernetes").checksumUrl("1.21.0", "amd64", "kube-apiserver"))
                .isEqualTo("https://dl.k8s.io/release/v1.21.0/bin/linux/amd64/kube-apiserver.sha256");
        assertThat(catalog.arches()).containsExactly("arm64", "amd64");
    }

    @Test
    void malformedCatalogsAreRejected() {
        String good = """
                downloads:
                  arches: [arm64]
                  kubernetes: {url: "https://x/{version}/{arch}/{binary}", checksum: "https://x/{version}/{arch}/{binary}.sha256", checksumFormat: sha256-bare}
                  etcd: {url: "https://e/{version}/{arch}", checksum: "https://e/{version}/SUMS", checksumFormat: sha256sum-list}
                  containerd: {url: "https://c/{version}/{arch}", checksum: "https://c/{version}/{arch}.sha256sum", checksumFormat: sha256sum-list}
                  runc: {url: "https://r/{version}/{arch}", checksum: "https://r/{version}/sum", checksumFormat: sha256sum-list}
                  cniPlugins: {url: "https://n/{version}/{arch}", checksum: "https://n/{version}/{arch}.sha256", checksumFormat: sha256sum-list}
                  crictl: {url: "https://t/{version}/{arch}", checksum: "https://t/{version}/{arch}.sha256", checksumFormat: sha256-bare}
                profiles:
                  1.30:
                    kubernetes: 1.30.14
                    etcd: 3.5.26
                    containerd: 1.7.27
                    runc: 1.2.6
                    cniPlugins: 1.5.1
                    crictl: 1.30.1
                    coredns: 1.11.3
                    pause: "3.9"
                    cgroupDriver: systemd
                    runtime: runc-v2
                    resolvConf: /etc/resolv.conf
                """;
        // unquoted 1.30 stays "1.30" under the failsafe schema
        assertThat(VersionCatalog.parse(good, "t").minors()).containsExactly("1.30");
        assertThatThrownBy(() -> VersionCatalog.parse(good.replace("etcd: 3.5.26", "etcd: v3.5.26"), "t"))
                .hasMessageContaining("profiles.1.30.etcd: 'v3.5.26' is not a version");
        assertThatThrownBy(() -> VersionCatalog.parse(good.replace("kubernetes: 1.30.14", "kubernetes: 1.3.14"), "t"))
                .hasMessageContaining("is not a 1.30 release");
        assertThatThrownBy(() -> VersionCatalog.parse(good.replace("runtime: runc-v2", "runtime: linux-v1"), "t"))
                .hasMessageContaining("cgroupfs only");
        assertThatThrownBy(() -> VersionCatalog.parse(good.replace("resolvConf: /etc/resolv.conf", "resolvConf: /etc/resolv.conf\n    extra: x"), "t"))
                .hasMessageContaining("unknown key extra");
        assertThatThrownBy(() -> VersionCatalog.parse(good.replace("https://e/{version}/{arch}", "http://e/{version}"), "t"))
                .hasMessageContaining("downloads.etcd.url");
    }
}
