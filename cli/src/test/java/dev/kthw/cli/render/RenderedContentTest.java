package dev.kthw.cli.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import dev.kthw.cli.inventory.ClusterPlan;
import dev.kthw.cli.inventory.InventoryLoader;

/** What every rendered tree must satisfy, for every minor of the catalog. */
class RenderedContentTest {
    @TempDir
    Path tmp;

    static Stream<String> minors() {
        return VersionCatalog.builtin().minors().stream();
    }

    private static String flag(String unit, String name) {
        Matcher m = Pattern.compile("--" + Pattern.quote(name) + "=(\\S+)").matcher(unit);
        return m.find() ? m.group(1) : null;
    }

    private static String text(RenderResult r, String host, String path) {
        return r.host(host).file(path).orElseThrow(() -> new AssertionError(host + " has no " + path)).text();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("minors")
    void everyJsonAndYamlFileParses(String minor) {
        RenderResult r = Fixtures.render(tmp, minor);
        int json = 0;
        int yaml = 0;
        for (HostRender h : r.hosts().values()) {
            for (NodeFile f : h.files()) {
                if (f.source() != NodeFile.Source.TEMPLATE) {
                    continue;
                }
                if (f.path().endsWith(".conf") && f.path().startsWith("/etc/cni/")) {
                    assertThat(StrictJson.parse(f.text())).as(f.path()).isInstanceOf(Map.class);
                    json++;
                } else if (f.path().endsWith(".yaml")) {
                    assertThat(yaml(f.text())).as(h.host() + f.path()).isNotEmpty();
                    yaml++;
                }
            }
        }
        for (RenderResult.ClusterFile c : r.cluster()) {
            List<Object> docs = new ArrayList<>();
            new Load(LoadSettings.builder().build()).loadAllFromString(c.text()).forEach(docs::add);
            assertThat(docs).as(c.name()).isNotEmpty().allSatisfy(d -> assertThat(d).isInstanceOf(Map.class));
            yaml += docs.size();
        }
        assertThat(json).isEqualTo(4);
        assertThat(yaml).isGreaterThan(10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("minors")
    void serviceRangeAndPodCidrsAreConsistent(String minor) {
        RenderResult r = Fixtures.render(tmp, minor);
        for (String m : List.of("k8s-master-1", "k8s-master-2")) {
            String api = text(r, m, "/etc/systemd/system/kube-apiserver.service");
            String cm = text(r, m, "/etc/systemd/system/kube-controller-manager.service");
            assertThat(flag(api, "service-cluster-ip-range")).isEqualTo("10.32.0.0/24").isEqualTo(flag(cm, "service-cluster-ip-range"));
            assertThat(flag(api, "etcd-servers")).isEqualTo("https://172.30.1.40:2379,https://172.30.1.41:2379");
            assertThat(flag(api, "kubelet-client-certificate")).isEqualTo("/var/lib/kubernetes/apiserver-kubelet-client.crt");
            assertThat(flag(api, "etcd-certfile")).isEqualTo("/var/lib/kubernetes/apiserver-etcd-client.crt");
            assertThat(flag(api, "service-account-issuer")).isEqualTo("https://172.30.1.40:6443");
            assertThat(cm).doesNotContain("--address").doesNotContain("--allocate-node-cidrs").doesNotContain("--cluster-cidr");
            String etcd = text(r, m, "/etc/systemd/system/etcd.service");
            assertThat(etcd).contains("--client-cert-auth", "--peer-client-cert-auth", "--data-dir=/var/lib/etcd",
                    "--initial-cluster=k8s-master-1=https://172.30.1.40:2380,k8s-master-2=https://172.30.1.41:2380");
            assertThat(etcd.contains("ETCD_UNSUPPORTED_ARCH=arm64")).isEqualTo(r.profile().etcdVersion().below(3, 5));
            assertThat(r.host(m).directories()).contains(new NodeDirectory("/var/lib/etcd", 0700, "root", "root"));
        }
        Map<String, String> expected = Map.of("k8s-worker-1", "10.200.0.0/24", "k8s-worker-2", "10.200.1.0/24");
        Map<String, String> address = Map.of("k8s-worker-1", "172.30.1.42", "k8s-worker-2", "172.30.1.43");
        for (var e : expected.entrySet()) {
            String w = e.getKey();
            String cidr = e.getValue();
            assertThat(yaml(text(r, w, "/var/lib/kubelet/kubelet-config.yaml")).get("podCIDR")).isEqualTo(cidr);
            assertThat(text(r, w, "/etc/cni/net.d/10-bridge.conf")).contains("\"subnet\": \"" + cidr + "\"");
            // every other host routes this worker's podCIDR via its address; the worker itself does not
            for (String other : List.of("k8s-master-1", "k8s-master-2", "k8s-worker-1", "k8s-worker-2")) {
                String route = "ExecStart=/sbin/ip route replace " + cidr + " via " + address.get(w) + "\n";
                var unit = r.host(other).file("/etc/systemd/system/kthw-pod-routes.service");
                if (other.equals(w)) {
                    assertThat(unit.map(NodeFile::text).orElse("")).doesNotContain(cidr);
                } else {
                    assertThat(unit).as(other).isPresent();
                    assertThat(unit.get().text()).contains(route);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("minors")
    void cgroupDriversAgreeAndFlagsAreGated(String minor) {
        RenderResult r = Fixtures.render(tmp, minor);
        Gates g = r.gates();
        String kubeletConfig = text(r, "k8s-worker-1", "/var/lib/kubelet/kubelet-config.yaml");
        String containerd = text(r, "k8s-worker-1", "/etc/containerd/config.toml");
        String kubelet = text(r, "k8s-worker-1", "/etc/systemd/system/kubelet.service");
        String driver = (String) yaml(kubeletConfig).get("cgroupDriver");
        if (g.containerdRuntimeV1()) {
            assertThat(driver).isEqualTo("cgroupfs");
            assertThat(containerd).contains("io.containerd.runtime.v1.linux").doesNotContain("SystemdCgroup");
        } else {
            assertThat(containerd).contains("SystemdCgroup = " + driver.equals("systemd"));
            assertThat(containerd).doesNotContain("io.containerd.runtime.v1.linux");
        }
        boolean v3 = r.profile().containerdVersion().major() >= 2;
        assertThat(containerd).contains(v3 ? "version = 3" : "version = 2");
        assertThat(kubelet.contains("--network-plugin=cni")).isEqualTo(minor.equals("1.21") || minor.equals("1.22") || minor.equals("1.23"));
        assertThat(kubelet.contains("--image-pull-progress-deadline")).isEqualTo(g.kubeletImagePullProgressDeadline());
        assertThat(kubelet.contains("--container-runtime=remote")).isEqualTo(r.profile().kubernetesVersion().below(1, 27));
        assertThat(kubelet.contains("--container-runtime-endpoint=")).isEqualTo(r.profile().kubernetesVersion().below(1, 27));
        assertThat(yaml(kubeletConfig).containsKey("containerRuntimeEndpoint")).isEqualTo(r.profile().kubernetesVersion().atLeast(1, 27));
        assertThat(yaml(text(r, "k8s-master-1", "/etc/kubernetes/config/kube-scheduler.yaml")).get("apiVersion"))
                .isEqualTo(g.schedulerConfigApiVersion());
        assertThat(text(r, "k8s-worker-1", "/etc/cni/net.d/99-loopback.conf")).contains("\"cniVersion\": \"" + g.cniVersion() + "\"");
    }

    @Test
    void addOnsCarryTheDnsIpAndTheKubeletClientUser() {
        RenderResult r = Fixtures.render(tmp, "1.36");
        String rbac = r.cluster().get(0).text();
        assertThat(rbac).contains("kind: User\n    name: kube-apiserver-kubelet-client");
        String coredns = r.cluster().get(1).text();
        assertThat(coredns).contains("clusterIP: 10.32.0.10", "kubernetes cluster.local in-addr.arpa ip6.arpa",
                "image: registry.k8s.io/coredns/coredns:v" + r.profile().coredns());
    }

    @Test
    void flannelModeAllocatesInTheControllerManagerAndDropsStaticPodNetworks() {
        String text = Fixtures.exampleText("1.36").replace("# podNetwork: routes ", "podNetwork: flannel #")
                .replace("    podCIDR: 10.200.0.0/24       # the seed's value; the same as the one kthw would allocate\n", "");
        ClusterPlan plan = ClusterPlan.of(InventoryLoader.load(Fixtures.writeInventory(tmp, text)));
        RenderResult r = new Renderer().render(plan, Fixtures.fakeState());
        String cm = text(r, "k8s-master-1", "/etc/systemd/system/kube-controller-manager.service");
        assertThat(cm).contains("--allocate-node-cidrs=true", "--cluster-cidr=10.200.0.0/16");
        assertThat(r.host("k8s-worker-1").file("/etc/cni/net.d/10-bridge.conf")).isEmpty();
        assertThat(r.host("k8s-worker-1").file("/etc/systemd/system/kthw-pod-routes.service")).isEmpty();
        assertThat(yaml(text(r, "k8s-worker-1", "/var/lib/kubelet/kubelet-config.yaml"))).doesNotContainKey("podCIDR");
    }

    @Test
    void aHostWithBothRolesGetsBothSetsOnce() {
        String master2 = "  - name: k8s-master-2\n    address: 172.30.1.41\n    role: master\n";
        String text = Fixtures.exampleText("1.36");
        assertThat(text).contains(master2);
        text = text.replace(master2, "  - name: k8s-master-2\n    address: 172.30.1.41\n    role: both\n    podCIDR: 10.200.9.0/24\n");
        ClusterPlan plan = ClusterPlan.of(InventoryLoader.load(Fixtures.writeInventory(tmp, text)));
        RenderResult r = new Renderer().render(plan, Fixtures.fakeState());
        HostRender h = r.host("k8s-master-2");
        assertThat(h.file("/etc/systemd/system/etcd.service")).isPresent();
        assertThat(h.file("/etc/systemd/system/kubelet.service")).isPresent();
        assertThat(h.files().stream().filter(f -> f.path().equals("/var/lib/kubernetes/ca.crt"))).hasSize(1);
        assertThat(h.directories().stream().filter(d -> d.path().equals("/var/lib/kubernetes"))).hasSize(1);
        // its podCIDR is routed by everyone else
        String cidr = plan.podCidr(plan.inventory().host("k8s-master-2").orElseThrow()).toString();
        assertThat(text(r, "k8s-worker-1", "/etc/systemd/system/kthw-pod-routes.service")).contains(cidr + " via 172.30.1.41");
    }

    @Test
    void missingStateFilesAreOneClearError() {
        ClusterPlan plan = Fixtures.plan(tmp, "1.36");
        assertThatThrownBy(() -> new Renderer().render(plan, StateSource.directory(tmp.resolve("empty"))))
                .isInstanceOf(MissingStateFilesException.class)
                .hasMessageStartingWith("the state directory lacks 25 file(s) render needs (pki/ca.crt, pki/etcd-k8s-master-1.crt, ")
                .hasMessageEndingWith("run 'kthw certs generate' and 'kthw kubeconfig generate' first");
    }

    @Test
    void secretsAre0600AndCopiedVerbatim() {
        RenderResult r = Fixtures.render(tmp, "1.36");
        for (HostRender h : r.hosts().values()) {
            for (NodeFile f : h.files()) {
                boolean secret = f.path().endsWith(".key") || f.path().endsWith("kubeconfig") || f.path().endsWith("encryption-config.yaml");
                assertThat(f.mode()).as(h.host() + f.path()).isEqualTo(secret ? 0600 : 0644);
                if (f.source() == NodeFile.Source.STATE) {
                    assertThat(f.text()).isEqualTo("placeholder for " + f.origin() + "\n");
                }
            }
        }
        assertThat(r.host("k8s-worker-2").file("/var/lib/kubelet/kubelet.crt").orElseThrow().origin()).isEqualTo("pki/kubelet-k8s-worker-2.crt");
        assertThat(r.host("k8s-master-2").file("/etc/etcd/etcd.key").orElseThrow().origin()).isEqualTo("pki/etcd-k8s-master-2.key");
    }
}
