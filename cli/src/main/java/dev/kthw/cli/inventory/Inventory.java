package dev.kthw.cli.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A validated inventory: the cluster settings and its hosts in file order. Build with {@link InventoryLoader}.
 *
 * @param file         the inventory file (its directory is where relative paths and the default state dir live)
 * @param apiEndpoint  load-balancer name or IP, or null for "the first master"
 * @param podNetwork   {@code routes} (default: podCIDRs from the inventory, static routes) or {@code flannel}
 */
public record Inventory(
        Path file,
        String clusterName,
        KubernetesVersion kubernetesVersion,
        Cidr serviceCidr,
        Cidr clusterCidr,
        Ipv4 dnsIp,
        String dnsDomain,
        String apiEndpoint,
        int apiPort,
        PodNetwork podNetwork,
        PkiSettings pki,
        SshSettings sshDefaults,
        List<Host> hosts) {

    public enum PodNetwork { ROUTES, FLANNEL }

    /** @param keyAlgorithm {@code rsa-2048} or {@code ecdsa-p256} */
    public record PkiSettings(String keyAlgorithm, int leafValidityDays, int caValidityDays) {
    }

    public List<Host> masters() {
        return hosts.stream().filter(Host::isMaster).toList();
    }

    public List<Host> workers() {
        return hosts.stream().filter(Host::isWorker).toList();
    }

    public Optional<Host> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }
}
