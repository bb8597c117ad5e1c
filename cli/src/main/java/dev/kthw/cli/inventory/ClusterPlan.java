package dev.kthw.cli.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything derived from a validated inventory that more than one part of kthw needs: the effective podCIDR of
 * every worker, the API endpoint, the API server's SANs and the etcd initial cluster. Pure computation.
 */
public record ClusterPlan(
        Inventory inventory,
        Map<Host, Cidr> podCidrs,
        String apiEndpoint,
        Ipv4 firstServiceIp,
        List<String> apiServerDnsSans,
        List<String> apiServerIpSans,
        String etcdInitialCluster,
        String etcdServers) {

    public static ClusterPlan of(Inventory inv) {
        List<Host> masters = inv.masters();
        String endpoint = inv.apiEndpoint() != null ? inv.apiEndpoint() : masters.get(0).address().toString();
        Ipv4 firstServiceIp = inv.serviceCidr().firstHost();

        Set<String> ips = new LinkedHashSet<>();
        Set<String> dns = new LinkedHashSet<>();
        ips.add(firstServiceIp.toString());
        for (Host m : masters) {
            ips.add(m.address().toString());
            dns.add(m.name());
        }
        if (Ipv4.parseOrNull(endpoint) != null) {
            ips.add(endpoint);
        } else {
            dns.add(endpoint);
        }
        ips.add("127.0.0.1");
        dns.add("localhost");
        dns.add("kubernetes");
        dns.add("kubernetes.default");
        dns.add("kubernetes.default.svc");
        dns.add("kubernetes.default.svc.cluster");
        dns.add("kubernetes.default.svc." + inv.dnsDomain());

        String initialCluster = masters.stream().map(m -> m.name() + "=https://" + m.address() + ":2380")
                .collect(Collectors.joining(","));
        String servers = masters.stream().map(m -> "https://" + m.address() + ":2379").collect(Collectors.joining(","));
        return new ClusterPlan(inv, allocatePodCidrs(inv), endpoint, firstServiceIp, List.copyOf(dns), List.copyOf(ips),
                initialCluster, servers);
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
            String pod = h.isWorker() ? "  podCIDR " + podCidr(h) + (h.podCidr() == null ? " (allocated)" : " (explicit)") : "";
            out.add(String.format("  %-16s %-15s %-6s %-5s ssh %s@%s:%d%s", h.name(), h.address(), h.role().yamlName(),
                    h.arch().goArch(), h.ssh().user(), h.address(), h.ssh().port(), pod));
        }
        out.add("API server SANs:");
        out.add("  IP:  " + String.join(", ", apiServerIpSans));
        out.add("  DNS: " + String.join(", ", apiServerDnsSans));
        out.add("etcd initial cluster: " + etcdInitialCluster);
        return out;
    }
}
