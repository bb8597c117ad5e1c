package dev.kthw.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class InputsAndTableTest {

    @Test
    void defaults() {
        PkiInputs in = Fixtures.twoByTwo();
        assertThat(in.keyAlgorithm()).isEqualTo(KeyAlgorithm.RSA_2048);
        assertThat(in.leafValidity().toDays()).isEqualTo(365);
        assertThat(in.caValidity().toDays()).isEqualTo(3650);
    }

    @Test
    void rejectsBadInputs() {
        assertThatThrownBy(() -> new Node("k8s-master-1", "172.30.1")).hasMessageContaining("not an IPv4");
        assertThatThrownBy(() -> new Node("../etc", "1.2.3.4")).hasMessageContaining("RFC 1123");
        assertThatThrownBy(() -> new Node("Upper", "1.2.3.4")).hasMessageContaining("RFC 1123");
        assertThatThrownBy(() -> PkiInputs.of("c", List.of(), List.of(), "1.2.3.4", "10.32.0.1", "cluster.local"))
                .hasMessageContaining("at least one master");
        assertThatThrownBy(() -> PkiInputs.of("c", List.of(Fixtures.M1),
                List.of(new Node("k8s-master-1", "172.30.1.99")), "1.2.3.4", "10.32.0.1", "cluster.local"))
                .hasMessageContaining("two addresses");
        assertThatThrownBy(() -> PkiInputs.of("c", List.of(Fixtures.M1, Fixtures.M1), List.of(), "1.2.3.4",
                "10.32.0.1", "cluster.local")).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> PkiInputs.of("c", List.of(Fixtures.M1), List.of(), "1.2.3.4", "10.32.0",
                "cluster.local")).hasMessageContaining("firstServiceIp");
    }

    @Test
    void recipientsAndOrder() {
        List<CertSpec> specs = CertTable.specs(Fixtures.threeByFive());
        assertThat(specs.get(0).id()).isEqualTo("ca");
        assertThat(specs.get(0).recipients()).containsExactly("k8s-master-1", "k8s-master-2", "k8s-master-3",
                "k8s-worker-1", "k8s-worker-2", "k8s-worker-3", "k8s-worker-4");
        CertSpec admin = specs.stream().filter(s -> s.id().equals("admin")).findFirst().orElseThrow();
        assertThat(admin.recipients()).isEmpty();
        CertSpec kubelet3 = specs.stream().filter(s -> s.id().equals("kubelet-k8s-master-3")).findFirst()
                .orElseThrow();
        assertThat(kubelet3.recipients()).containsExactly("k8s-master-3");
        CertSpec proxy = specs.stream().filter(s -> s.id().equals("kube-proxy")).findFirst().orElseThrow();
        assertThat(proxy.recipients()).hasSize(5);
        assertThat(CertTable.APISERVER_KUBELET_CLIENT_CN).isEqualTo("kube-apiserver-kubelet-client");
    }

    @Test
    void endpointEqualToFirstMasterIsNotDuplicatedAndDnsEndpointIsDnsSan() {
        CertSpec api = CertTable.specs(Fixtures.twoByTwo()).stream().filter(s -> s.id().equals("kube-apiserver"))
                .findFirst().orElseThrow();
        assertThat(api.ipSans()).containsExactly("10.32.0.1", "172.30.1.40", "172.30.1.41", "127.0.0.1");
        CertSpec api2 = CertTable.specs(Fixtures.threeByFive()).stream()
                .filter(s -> s.id().equals("kube-apiserver")).findFirst().orElseThrow();
        assertThat(api2.dnsSans()).contains("api.pi.example").doesNotHaveDuplicates();
        assertThat(api2.ipSans()).doesNotContain("api.pi.example");
    }
}
