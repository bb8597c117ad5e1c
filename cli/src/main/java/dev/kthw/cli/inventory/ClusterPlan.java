package dev.kthw.cli.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.kthw.pki.CertSpec;
import dev.kthw.pki.CertTable;
import dev.kthw.pki.KeyAlgorithm;
import dev.kthw.pki.Node;
import dev.kthw.pki.PkiInputs;

/**
 * Everything derived from a validated inventory that more than one part of kthw needs: the effective podCIDR of
 * every worker, the API endpoint, the PKI inputs (the API server's SANs come from the PKI table itself) and the
 * etcd initial cluster. Pure computation.
 */
public record ClusterPlan(
        Inventory inventory,
        Map<Host, Cidr> podCidrs,
        String apiEndpoint,
        Ipv4 firstServiceIp,
        String etcdInitialCluster,
        String etcdServers) {

    public static ClusterPlan of(Inventory inv) {
        List<Host> masters = inv.masters();
        String endpoint = inv.apiEndpoint() != null ? inv.apiEndpoint() : masters.get(0).address().toString();
        Ipv4 firstServiceIp = inv.serviceCidr().firstHost();

        String initialCluster = masters.stream().map(m -> m.name() + "=https://" + m.address() + ":2380")
                .collect(Collectors.joining(","));
        String servers = masters.stream().map(m -> "https://" + m.address() + ":2379").collect(Collectors.joining(","));
        return new ClusterPlan(inv, allocatePodCidrs(inv), endpoint, firstServiceIp, initialCluster, servers);
    }

    /**
     * Each worker's podCIDR: the explicit one from the inventory, otherwise the n-th /24 of the cluster CIDR where n
     * is the worker's position among the workers in inventory order. Appending hosts never changes an earlier
     * worker's network. The caller has checked that the cluster CIDR is big enough.
     */
    public static Map<Host, Cidr> allocatePodCidrs(Inventory inv) {
        Map<Host, Cidr> out = new LinkedHashMap<>();
        List<Host> workers = inv.workers();
        long capacity = inv.clusterCidr().subnetCount(InventoryLoader.POD_CIDR_PREFIX);
        for (int i = 0; i < workers.size(); i++) {
            Host w = workers.get(i);
            if (w.podCidr() != null) {
                out.put(w, w.podCidr());
            } else if (i < capacity) {
                out.put(w, inv.clusterCidr().subnet(InventoryLoader.POD_CIDR_PREFIX, i));
            }
        }
        return out;
    }

    public Cidr podCidr(Host worker) {
        Cidr c = podCidrs.get(worker);
        if (c == null) {
            throw new IllegalArgumentException(worker.name() + " is not a worker");
        }
        return c;
    }

    public List<Host> masters() {
        return inventory.masters();
    }

    public List<Host> workers() {
        return inventory.workers();
    }

    /** https://ENDPOINT:PORT */
    public String apiServerUrl() {
        return "https://" + apiEndpoint + ":" + inventory.apiPort();
    }

    /** What the PKI is made from: nodes, API endpoint, service IP, domain, key algorithm and validity. */
    public PkiInputs pkiInputs() {
        Inventory inv = inventory;
        PkiInputs in = PkiInputs.of(inv.clusterName(), nodes(masters()), nodes(workers()), apiEndpoint,
                firstServiceIp.toString(), inv.dnsDomain());
        in = in.withKeyAlgorithm("ecdsa-p256".equals(inv.pki().keyAlgorithm()) ? KeyAlgorithm.ECDSA_P256 : KeyAlgorithm.RSA_2048);
        in = in.withLeafValidity(Duration.ofDays(inv.pki().leafValidityDays()));
        return in.withCaValidity(Duration.ofDays(inv.pki().caValidityDays()));
    }

    private static List<Node> nodes(List<Host> hosts) {
        return hosts.stream().map(h -> new Node(h.name(), h.address().toString())).toList();
    }

    /** The API server certificate's row of the PKI table: its SANs are exactly what validate prints. */
    public CertSpec apiServerCert() {
        return CertTable.specs(pkiInputs()).stream().filter(c -> c.id().equals("kube-apiserver")).findFirst().orElseThrow();
    }

    /** Lines describing the plan, as {@code kthw validate} prints them. */
    public List<String> describe() {
        Inventory inv = inventory;
        List<String> out = new ArrayList<>();
        out.add("cluster " + inv.clusterName() + ", Kubernetes " + inv.kubernetesVersion() + ", pod network " + inv.podNetwork().name().toLowerCase());
        out.add("  service CIDR " + inv.serviceCidr() + " (kubernetes service " + firstServiceIp + ", DNS " + inv.dnsIp() + ", domain "
                + inv.dnsDomain() + ")");
        out.add("  cluster CIDR " + inv.clusterCidr());
        out.add("  API endpoint " + apiServerUrl());
        out.add("hosts:");
        for (Host h : inv.hosts()) {
            String pod = !h.isWorker() ? ""
                    : inv.podNetwork() == Inventory.PodNetwork.FLANNEL ? "  podCIDR from the controller-manager (flannel)"
                    : "  podCIDR " + podCidr(h) + (h.podCidr() == null ? " (allocated)" : " (explicit)");
            out.add(String.format("  %-16s %-15s %-6s %-5s ssh %s@%s:%d%s", h.name(), h.address(), h.role().yamlName(),
                    h.arch().goArch(), h.ssh().user(), h.address(), h.ssh().port(), pod));
        }
        out.add("API server SANs:");
        CertSpec api = apiServerCert();
        out.add("  IP:  " + String.join(", ", api.ipSans()));
        out.add("  DNS: " + String.join(", ", api.dnsSans()));
        out.add("etcd initial cluster: " + etcdInitialCluster);
        return out;
    }
}
