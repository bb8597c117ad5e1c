package dev.kthw.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kthw.kubeconfig.KubeconfigSet.Audience;
import dev.kthw.kubeconfig.KubeconfigSet.Entry;

class KubeconfigSetTest {

    private static final String LOCAL = "https://127.0.0.1:6443";
    private static final String API = "https://10.0.0.10:6443";

    private final KubeconfigSet set = KubeconfigSet.of("kubernetes-the-hard-way", "10.0.0.10",
            List.of("master-0", "master-1"), List.of("worker-0", "worker-1"));

    @Test
    void twoMastersTwoWorkersHaveExactlyTheExpectedTable() {
        List<String> masters = List.of("master-0", "master-1");
        assertThat(set.entries())
                .extracting(Entry::name, Entry::userName, Entry::server, Entry::certId, Entry::audience, Entry::hosts)
                .containsExactly(
                        tuple("admin", "admin", LOCAL, "admin", Audience.MASTERS, masters),
                        tuple("admin-remote", "admin", API, "admin", Audience.WORKSTATION, List.of()),
                        tuple("kube-controller-manager", "system:kube-controller-manager", LOCAL,
                                "kube-controller-manager", Audience.MASTERS, masters),
                        tuple("kube-scheduler", "system:kube-scheduler", LOCAL, "kube-scheduler",
                                Audience.MASTERS, masters),
                        tuple("kube-proxy", "system:kube-proxy", API, "kube-proxy", Audience.WORKERS,
                                List.of("worker-0", "worker-1")),
                        tuple("kubelet-worker-0", "system:node:worker-0", API, "kubelet-worker-0",
                                Audience.WORKER, List.of("worker-0")),
                        tuple("kubelet-worker-1", "system:node:worker-1", API, "kubelet-worker-1",
                                Audience.WORKER, List.of("worker-1")));
        assertThat(set.entry("kubelet-worker-1").fileName()).isEqualTo("kubelet-worker-1.kubeconfig");
        assertThat(set.apiServer()).isEqualTo(API);
        assertThat(set.clusterName()).isEqualTo("kubernetes-the-hard-way");
    }

    @Test
    void hostsReceiveTheirKubeconfigs() {
        assertThat(set.forHost("master-1")).extracting(Entry::name)
                .containsExactly("admin", "kube-controller-manager", "kube-scheduler");
        assertThat(set.forHost("worker-0")).extracting(Entry::name)
                .containsExactly("kube-proxy", "kubelet-worker-0");
        assertThat(set.forHost("nobody")).isEmpty();

        // a stacked node (master and worker) receives both kinds
        KubeconfigSet stacked = KubeconfigSet.of("c", "pi-0", List.of("pi-0"), List.of("pi-0", "pi-1"));
        assertThat(stacked.forHost("pi-0")).extracting(Entry::name).containsExactly(
                "admin", "kube-controller-manager", "kube-scheduler", "kube-proxy", "kubelet-pi-0");
    }

    @Test
    void apiEndpointPortAndIpv6() {
        assertThat(KubeconfigSet.of("c", "api.lab.example", 8443, List.of("m"), List.of()).apiServer())
                .isEqualTo("https://api.lab.example:8443");
        KubeconfigSet v6 = KubeconfigSet.of("c", "fd00::10", List.of("m"), List.of("w"));
        assertThat(v6.apiServer()).isEqualTo("https://[fd00::10]:6443");
        assertThat(v6.entry("kubelet-w").server()).isEqualTo("https://[fd00::10]:6443");
        // the masters' own kubeconfigs always talk to the local API server
        assertThat(v6.entry("admin").server()).isEqualTo(LOCAL);
    }

    @Test
    void rejectsBadInput() {
        List<String> m = List.of("m");
        assertThatThrownBy(() -> KubeconfigSet.of("c", "h", List.of(), List.of()))
                .hasMessageContaining("master");
        assertThatThrownBy(() -> KubeconfigSet.of("c", "h", m, List.of("w", "w")))
                .hasMessage("duplicate worker: w");
        assertThatThrownBy(() -> KubeconfigSet.of("c", "h", m, List.of("Worker_0")))
                .hasMessageContaining("Worker_0");
        assertThatThrownBy(() -> KubeconfigSet.of("c", "h", 0, m, List.of()))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> KubeconfigSet.of("c", "h/x", m, List.of()))
                .hasMessageContaining("h/x");
        assertThatThrownBy(() -> KubeconfigSet.of("c", "u@h", m, List.of()))
                .hasMessageContaining("u@h");
        assertThatThrownBy(() -> KubeconfigSet.of("bad name", "h", m, List.of()))
                .hasMessageContaining("cluster name");
        assertThatThrownBy(() -> set.entry("nope")).hasMessageContaining("nope");
    }

    @Test
    void renderNamesTheMissingCertificateAndKubeconfig() {
        String ca = "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n";
        Map<String, CertAndKey> certs = Map.of("admin", new CertAndKey(ca,
                "-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n"));
        assertThat(set.render(set.entry("admin"), ca, certs::get).userName()).isEqualTo("admin");
        assertThatThrownBy(() -> set.render(ca, certs::get))
                .isInstanceOf(KubeconfigException.class)
                .hasMessage("no certificate/key 'kube-controller-manager' for kubeconfig kube-controller-manager.kubeconfig");
        Map<String, CertAndKey> bad = Map.of("admin", new CertAndKey("not pem", "not pem"));
        assertThatThrownBy(() -> set.render(set.entry("admin"), ca, bad::get))
                .isInstanceOf(KubeconfigException.class)
                .hasMessageContaining("admin.kubeconfig").hasMessageContaining("certPem");
    }
}
