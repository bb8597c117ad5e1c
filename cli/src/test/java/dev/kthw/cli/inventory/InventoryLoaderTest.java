package dev.kthw.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kthw.cli.CliRunner;

class InventoryLoaderTest {
    @TempDir
    Path tmp;

    static final Path EXAMPLE = Path.of("../inventory.example.yaml");

    Path write(String yaml) throws IOException {
        Path f = tmp.resolve("inv.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    static String hosts(int masters, int workers) {
        StringBuilder sb = new StringBuilder("""
                cluster:
                  kubernetesVersion: 1.30
                ssh:
                  user: pi
                hosts:
                """);
        for (int i = 1; i <= masters; i++) {
            sb.append("  - {name: m").append(i).append(", address: 192.168.1.").append(i).append(", role: master}\n");
        }
        for (int i = 1; i <= workers; i++) {
            sb.append("  - {name: w").append(i).append(", address: 192.168.2.").append(i).append(", role: worker}\n");
        }
        return sb.toString();
    }

    @Test
    void exampleIsTheSeedCluster() {
        Inventory inv = InventoryLoader.load(EXAMPLE);
        ClusterPlan plan = ClusterPlan.of(inv);
        assertThat(inv.hosts()).extracting(Host::name).containsExactly("k8s-master-1", "k8s-master-2", "k8s-worker-1", "k8s-worker-2");
        assertThat(inv.masters()).extracting(h -> h.address().toString()).containsExactly("172.30.1.40", "172.30.1.41");
        assertThat(inv.sshDefaults().user()).isEqualTo("pi");
        assertThat(inv.serviceCidr()).hasToString("10.32.0.0/24");
        assertThat(inv.clusterCidr()).hasToString("10.200.0.0/16");
        assertThat(inv.dnsIp()).hasToString("10.32.0.10");
        // the seed patched k8s-worker-1 to 10.200.0.0/24 and k8s-worker-2 to 10.200.1.0/24
        assertThat(plan.podCidrs().values()).extracting(Cidr::toString).containsExactly("10.200.0.0/24", "10.200.1.0/24");
        assertThat(plan.apiServerUrl()).isEqualTo("https://172.30.1.40:6443");
        assertThat(plan.apiServerCert().ipSans()).containsExactly("10.32.0.1", "172.30.1.40", "172.30.1.41", "127.0.0.1");
        assertThat(plan.apiServerCert().dnsSans()).containsExactly("k8s-master-1", "k8s-master-2", "localhost", "kubernetes",
                "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster", "kubernetes.default.svc.cluster.local");
        assertThat(plan.etcdInitialCluster()).isEqualTo("k8s-master-1=https://172.30.1.40:2380,k8s-master-2=https://172.30.1.41:2380");
    }

    @Test
    void versionIsNeverAFloat() throws IOException {
        Inventory inv = InventoryLoader.load(write(hosts(1, 1)));
        assertThat(inv.kubernetesVersion().minor()).isEqualTo(30);
        assertThat(inv.kubernetesVersion()).hasToString("1.30");
    }

    @Test
    void defaultsApply() throws IOException {
        Inventory inv = InventoryLoader.load(write(hosts(1, 1)));
        assertThat(inv.clusterName()).isEqualTo("kubernetes-the-hard-way");
        assertThat(inv.serviceCidr()).hasToString("10.32.0.0/24");
        assertThat(inv.clusterCidr()).hasToString("10.200.0.0/16");
        assertThat(inv.dnsIp()).hasToString("10.32.0.10");
        assertThat(inv.apiPort()).isEqualTo(6443);
        assertThat(inv.hosts().get(0).arch()).isEqualTo(Arch.ARM64);
        assertThat(inv.hosts().get(0).ssh().port()).isEqualTo(22);
        assertThat(inv.hosts().get(0).ssh().knownHosts()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh/known_hosts"));
    }

    @Test
    void podCidrsAreStableWhenHostsAreAppended() throws IOException {
        Map<String, String> before = cidrs(ClusterPlan.of(InventoryLoader.load(write(hosts(1, 3)))));
        Map<String, String> after = cidrs(ClusterPlan.of(InventoryLoader.load(write(hosts(1, 5)))));
        assertThat(after).containsAllEntriesOf(before);
        assertThat(after).containsEntry("w4", "10.200.3.0/24").containsEntry("w5", "10.200.4.0/24");
    }

    private static Map<String, String> cidrs(ClusterPlan plan) {
        return plan.podCidrs().entrySet().stream().collect(Collectors.toMap(e -> e.getKey().name(), e -> e.getValue().toString()));
    }

    @Test
    void bothRoleIsMasterAndWorker() throws IOException {
        Inventory inv = InventoryLoader.load(write(hosts(0, 0) + "  - {name: pi1, address: 192.168.1.9, role: both}\n"));
        assertThat(inv.masters()).hasSize(1);
        assertThat(inv.workers()).hasSize(1);
        assertThat(ClusterPlan.of(inv).podCidr(inv.workers().get(0))).hasToString("10.200.0.0/24");
    }

    @Test
    void perHostSshOverridesAndRelativeKeyPath() throws IOException {
        Inventory inv = InventoryLoader.load(write(hosts(1, 0)
                + "  - {name: w9, address: 192.168.2.9, role: worker, ssh: {user: ubuntu, port: 2222, keyPath: keys/w9}}\n"));
        Host w9 = inv.host("w9").orElseThrow();
        assertThat(w9.ssh().user()).isEqualTo("ubuntu");
        assertThat(w9.ssh().port()).isEqualTo(2222);
        assertThat(w9.ssh().keyPath()).isEqualTo(tmp.resolve("keys/w9").toAbsolutePath());
        assertThat(inv.host("m1").orElseThrow().ssh().user()).isEqualTo("pi");
    }

    @Test
    void evenEtcdMembersWarnButValidate() throws IOException {
        Inventory inv = InventoryLoader.load(write(hosts(2, 1)));
        assertThat(InventoryLoader.warnings(inv)).extracting(Problem::toString)
                .anySatisfy(w -> assertThat(w).startsWith("warning: ").contains("2 etcd members").contains("no failure"));
        CliRunner.Result r = CliRunner.run("validate", "-i", inv.file().toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("warning:").contains("use an odd number");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() throws IOException {
        Path f = write("""
                cluster:
                  kubernetesVersion: "1.36"
                  serviceCIDR: 10.32.0.0/33
                ssh: {user: pi}
                hosts:
                  - {name: a, address: 1.2.3, role: master}
                  - {name: B_, address: 10.0.0.2, role: boss}
                """);
        InventoryException e = org.junit.jupiter.api.Assertions.assertThrows(InventoryException.class, () -> InventoryLoader.load(f));
        List<String> lines = e.problems().stream().map(Problem::toString).toList();
        assertThat(lines).hasSize(4);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("cluster.serviceCIDR"))
                .anySatisfy(l -> assertThat(l).contains("hosts[0].address (host a)"))
                .anySatisfy(l -> assertThat(l).contains("hosts[1].name (host B_)"))
                .anySatisfy(l -> assertThat(l).contains("hosts[1].role (host B_)"));
    }

    @Test
    void validatePrintsThePlan() {
        CliRunner.Result r = CliRunner.run("validate", "-i", EXAMPLE.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("k8s-worker-2     172.30.1.43     worker arm64")
                .contains("podCIDR 10.200.1.0/24 (allocated)")
                .contains("etcd initial cluster: k8s-master-1=https://172.30.1.40:2380,k8s-master-2=https://172.30.1.41:2380")
                .contains("kubernetes.default.svc.cluster.local")
                .contains("inventory is valid");
    }

    @Test
    void cidrArithmetic() {
        Cidr c = Cidr.parse("10.200.0.0/16");
        assertThat(c.subnet(24, 255)).hasToString("10.200.255.0/24");
        assertThatThrownBy(() -> c.subnet(24, 256)).isInstanceOf(IllegalArgumentException.class);
        assertThat(c.overlaps(Cidr.parse("10.200.3.0/24"))).isTrue();
        assertThat(c.overlaps(Cidr.parse("10.201.0.0/24"))).isFalse();
        assertThat(Cidr.parse("10.32.0.0/24").firstHost()).hasToString("10.32.0.1");
        assertThat(Ipv4.parseOrNull("010.1.1.1")).isNull();
        assertThat(Ipv4.parseOrNull("255.255.255.255")).hasToString("255.255.255.255");
    }
}
