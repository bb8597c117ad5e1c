package dev.kthw.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.kthw.cli.inventory.Cidr;
import dev.kthw.cli.inventory.Ipv4;

/**
 * Runs Debian's real CNI plugins (containernetworking-plugins, /usr/lib/cni) with the rendered 10-bridge.conf and
 * 99-loopback.conf. Nothing touches the host's network: the plugins run inside a throw-away "node" network namespace
 * (so cni0, its addresses, routes and the ipMasq iptables rules live and die there), against a second namespace as
 * the pod. host-local's state goes to a temporary dataDir (the one change made to the rendered config).
 */
class CniPluginTest {
    private static final Path PLUGINS = Path.of("/usr/lib/cni");

    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        HostTools.requireRoot();
        HostTools.require("containernetworking-plugins", Files.isExecutable(PLUGINS.resolve("bridge"))
                && Files.isExecutable(PLUGINS.resolve("host-local")) && Files.isExecutable(PLUGINS.resolve("loopback")));
        HostTools.require("iproute2", Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")));
        HostTools.require("iptables (bridge ipMasq)", Files.isExecutable(Path.of("/usr/sbin/iptables")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"1.21, k8s-worker-1", "1.21, k8s-worker-2", "1.36, k8s-worker-1", "1.36, k8s-worker-2"})
    void addAndDelWithTheRenderedConfigs(String minor, String worker) throws Exception {
        RenderResult r = Fixtures.render(tmp.resolve("render"), minor);
        HostRender h = r.host(worker);
        String bridge = h.file("/etc/cni/net.d/10-bridge.conf").orElseThrow().text();
        String loopback = h.file("/etc/cni/net.d/99-loopback.conf").orElseThrow().text();
        @SuppressWarnings("unchecked")
        String subnet = (String) ((List<Map<String, Object>>) ((List<?>) ((Map<String, Object>) ((Map<String, Object>) StrictJson
                .parse(bridge)).get("ipam")).get("ranges")).get(0)).get(0).get("subnet");
        Cidr podCidr = Cidr.parse(subnet);
        assertThat(podCidr).isEqualTo(Cidr.parse(worker.equals("k8s-worker-1") ? "10.200.0.0/24" : "10.200.1.0/24"));

        Path dataDir = Files.createDirectories(tmp.resolve("ipam"));
        String withDataDir = bridge.replace("\"type\": \"host-local\",", "\"type\": \"host-local\",\n        \"dataDir\": \"" + dataDir + "\",");
        assertThat(withDataDir).isNotEqualTo(bridge);

        String id = HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(4));
        String nodeNs = "kthwtest-n-" + id;
        String podNs = "kthwtest-p-" + id;
        try {
            ok(HostTools.run("ip", "netns", "add", nodeNs));
            ok(HostTools.run("ip", "netns", "add", podNs));
            Map<String, String> env = Map.of("CNI_CONTAINERID", "kthwtest-" + id, "CNI_NETNS", "/run/netns/" + podNs,
                    "CNI_PATH", PLUGINS.toString());

            HostTools.Result add = cni(nodeNs, "bridge", "ADD", "eth0", withDataDir, env);
            ok(add);
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) StrictJson.parse(add.out());
            assertThat(result.get("cniVersion")).isEqualTo(r.gates().cniVersion());
            @SuppressWarnings("unchecked")
            String address = (String) ((List<Map<String, Object>>) result.get("ips")).get(0).get("address");
            Ipv4 ip = Ipv4.parse(address.substring(0, address.indexOf('/')));
            assertThat(podCidr.contains(ip)).as(address + " in " + podCidr).isTrue();

            HostTools.Result addr = ok(HostTools.run("ip", "netns", "exec", podNs, "ip", "-4", "-o", "addr", "show", "dev", "eth0"));
            assertThat(addr.out()).contains("inet " + address);
            assertThat(ok(HostTools.run("ip", "netns", "exec", podNs, "ip", "route")).out())
                    .contains("default via " + podCidr.firstHost());
            assertThat(ok(HostTools.run("ip", "netns", "exec", nodeNs, "ip", "-4", "-o", "addr", "show", "dev", "cni0")).out())
                    .contains("inet " + podCidr.firstHost() + "/24");
            assertThat(Files.exists(dataDir.resolve("bridge").resolve(ip.toString()))).isTrue();

            ok(cni(podNs, "loopback", "ADD", "lo", loopback, env));
            assertThat(ok(HostTools.run("ip", "netns", "exec", podNs, "ip", "-o", "link", "show", "dev", "lo")).out()).contains(",UP");

            ok(cni(podNs, "loopback", "DEL", "lo", loopback, env));
            ok(cni(nodeNs, "bridge", "DEL", "eth0", withDataDir, env));
            assertThat(Files.exists(dataDir.resolve("bridge").resolve(ip.toString()))).as("DEL releases the IP").isFalse();
            assertThat(HostTools.run("ip", "netns", "exec", podNs, "ip", "link", "show", "dev", "eth0").exitCode()).isNotZero();
        } finally {
            HostTools.run("ip", "netns", "del", podNs);
            HostTools.run("ip", "netns", "del", nodeNs);
        }
        assertThat(HostTools.run("ip", "netns", "list").out()).doesNotContain(id);
    }

    private static HostTools.Result cni(String netns, String plugin, String command, String ifname, String config,
                                        Map<String, String> env) {
        Map<String, String> e = new java.util.HashMap<>(env);
        e.put("CNI_COMMAND", command);
        e.put("CNI_IFNAME", ifname);
        return HostTools.run(List.of("ip", "netns", "exec", netns, PLUGINS.resolve(plugin).toString()),
                config.getBytes(StandardCharsets.UTF_8), e);
    }

    private static HostTools.Result ok(HostTools.Result r) {
        assertThat(r.exitCode()).as("stdout: " + r.out() + "\nstderr: " + r.err()).isZero();
        return r;
    }
}
