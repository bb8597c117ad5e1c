package dev.kthw.kubeconfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The kubeconfigs a cluster needs, as a small declarative table (see {@link #entries()}):
 *
 * <table>
 *   <caption>Entries</caption>
 *   <tr><th>name</th><th>user</th><th>server</th><th>cert id</th><th>hosts</th></tr>
 *   <tr><td>admin</td><td>admin</td><td>https://127.0.0.1:6443</td><td>admin</td><td>masters</td></tr>
 *   <tr><td>admin-remote</td><td>admin</td><td>API endpoint</td><td>admin</td><td>none (workstation)</td></tr>
 *   <tr><td>kube-controller-manager</td><td>system:kube-controller-manager</td><td>https://127.0.0.1:6443</td>
 *       <td>kube-controller-manager</td><td>masters</td></tr>
 *   <tr><td>kube-scheduler</td><td>system:kube-scheduler</td><td>https://127.0.0.1:6443</td>
 *       <td>kube-scheduler</td><td>masters</td></tr>
 *   <tr><td>kube-proxy</td><td>system:kube-proxy</td><td>API endpoint</td><td>kube-proxy</td><td>workers</td></tr>
 *   <tr><td>kubelet-&lt;w&gt;</td><td>system:node:&lt;w&gt;</td><td>API endpoint</td><td>kubelet-&lt;w&gt;</td>
 *       <td>worker &lt;w&gt;</td></tr>
 * </table>
 *
 * <p>Every entry embeds the CA certificate with id {@value #CA_ID}. Pure data: nothing here touches
 * the disk; {@link #render(String, Function)} turns the table into {@link Kubeconfig}s given the PEMs.
 */
public final class KubeconfigSet {

    public static final int DEFAULT_API_PORT = 6443;
    /** Certificate id of the cluster CA embedded in every kubeconfig. */
    public static final String CA_ID = "ca";
    /** Server of the kubeconfigs used on the masters themselves. */
    public static final String LOCAL_SERVER = "https://127.0.0.1:6443";

    /** Who receives a kubeconfig. */
    public enum Audience {
        /** Every master. */
        MASTERS,
        /** Every worker. */
        WORKERS,
        /** One worker (its kubelet). */
        WORKER,
        /** No host: stays on the workstation. */
        WORKSTATION
    }

    /**
     * One kubeconfig of the set.
     *
     * @param name     file base name; the file is {@link #fileName()}
     * @param userName the user entry name (what the API server sees comes from the cert, this should match its CN)
     * @param server   API server URL
     * @param certId   id of the client certificate + key to embed
     * @param audience which kind of host receives it
     * @param hosts    the hosts that receive it, in the order given; empty for {@link Audience#WORKSTATION}
     */
    public record Entry(String name, String userName, String server, String certId,
                        Audience audience, List<String> hosts) {
        public Entry {
            hosts = List.copyOf(hosts);
        }

        /** {@code <name>.kubeconfig}. */
        public String fileName() {
            return name + ".kubeconfig";
        }
    }

    // RFC 1123 subdomain, lowercase: what Kubernetes accepts as a node name
    private static final Pattern HOST_NAME =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9._]*[A-Za-z0-9])?");

    private final String clusterName;
    private final String apiServer;
    private final List<String> masters;
    private final List<String> workers;
    private final List<Entry> entries;

    private KubeconfigSet(String clusterName, String apiServer, List<String> masters, List<String> workers) {
        this.clusterName = clusterName;
        this.apiServer = apiServer;
        this.masters = masters;
        this.workers = workers;
        this.entries = List.copyOf(buildEntries());
    }

    /** As {@link #of(String, String, int, List, List)} with port {@value #DEFAULT_API_PORT}. */
    public static KubeconfigSet of(String clusterName, String apiHost, List<String> masters, List<String> workers) {
        return of(clusterName, apiHost, DEFAULT_API_PORT, masters, workers);
    }

    /**
     * @param clusterName e.g. {@code kubernetes-the-hard-way}
     * @param apiHost     host name or IP (v4 or v6) under which workers and the workstation reach the API server
     * @param apiPort     its port
     * @param masters     master node names, at least one
     * @param workers     worker node names, may be empty; a host may be both master and worker
     */
    public static KubeconfigSet of(String clusterName, String apiHost, int apiPort,
                                   List<String> masters, List<String> workers) {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(apiHost, "apiHost");
        if (!CLUSTER_NAME.matcher(clusterName).matches()) {
            throw new IllegalArgumentException("invalid cluster name: " + clusterName);
        }
        if (masters == null || masters.isEmpty()) {
            throw new IllegalArgumentException("at least one master is needed");
        }
        return new KubeconfigSet(clusterName, serverUrl(apiHost, apiPort),
                checkHosts("master", masters), checkHosts("worker", workers == null ? List.of() : workers));
    }

    public String clusterName() {
        return clusterName;
    }

    /** {@code https://<apiHost>:<apiPort>}. */
    public String apiServer() {
        return apiServer;
    }

    public List<String> masters() {
        return masters;
    }

    public List<String> workers() {
        return workers;
    }

    /** All entries, in a fixed order: admin, admin-remote, controller manager, scheduler, kube-proxy, kubelets. */
    public List<Entry> entries() {
        return entries;
    }

    /** The entry with this name. */
    public Entry entry(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no kubeconfig named " + name));
    }

    /** The entries a host receives (a master-and-worker host receives both kinds). */
    public List<Entry> forHost(String host) {
        return entries.stream().filter(e -> e.hosts().contains(host)).toList();
    }

    /**
     * Builds the kubeconfig of one entry.
     *
     * @param caPem CA certificate PEM (id {@value #CA_ID})
     * @param certs certificate id → client cert and key; typically the PKI store
     */
    public Kubeconfig render(Entry entry, String caPem, Function<String, CertAndKey> certs) {
        CertAndKey ck = certs.apply(entry.certId());
        if (ck == null || ck.certPem() == null || ck.keyPem() == null) {
            throw new KubeconfigException("no certificate/key '" + entry.certId() + "' for kubeconfig " + entry.fileName());
        }
        try {
            return new Kubeconfig(clusterName, entry.server(), entry.userName(), caPem, ck.certPem(), ck.keyPem());
        } catch (IllegalArgumentException e) {
            throw new KubeconfigException("bad input for kubeconfig " + entry.fileName() + " (cert id '"
                    + entry.certId() + "'): " + e.getMessage(), e);
        }
    }

    /** {@link #render(Entry, String, Function)} for every entry; keys are entry names, in entry order. */
    public Map<String, Kubeconfig> render(String caPem, Function<String, CertAndKey> certs) {
        Map<String, Kubeconfig> out = new LinkedHashMap<>();
        for (Entry e : entries) {
            out.put(e.name(), render(e, caPem, certs));
        }
        return out;
    }

    private List<Entry> buildEntries() {
        List<Entry> list = new ArrayList<>();
        list.add(new Entry("admin", "admin", LOCAL_SERVER, "admin", Audience.MASTERS, masters));
        list.add(new Entry("admin-remote", "admin", apiServer, "admin", Audience.WORKSTATION, List.of()));
        list.add(new Entry("kube-controller-manager", "system:kube-controller-manager", LOCAL_SERVER,
                "kube-controller-manager", Audience.MASTERS, masters));
        list.add(new Entry("kube-scheduler", "system:kube-scheduler", LOCAL_SERVER,
                "kube-scheduler", Audience.MASTERS, masters));
        list.add(new Entry("kube-proxy", "system:kube-proxy", apiServer, "kube-proxy", Audience.WORKERS, workers));
        for (String w : workers) {
            list.add(new Entry("kubelet-" + w, "system:node:" + w, apiServer, "kubelet-" + w,
                    Audience.WORKER, List.of(w)));
        }
        return list;
    }

    private static String serverUrl(String apiHost, int apiPort) {
        if (apiPort < 1 || apiPort > 65535) {
            throw new IllegalArgumentException("invalid API port: " + apiPort);
        }
        String host = apiHost.strip();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String urlHost = host.contains(":") ? "[" + host + "]" : host;
        String url = "https://" + urlHost + ":" + apiPort;
        try {
            URI uri = new URI(url);
            if (host.isEmpty() || uri.getHost() == null || uri.getPort() != apiPort
                    || !uri.getRawPath().isEmpty() || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("invalid API endpoint host: " + apiHost);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid API endpoint host: " + apiHost, e);
        }
        return url;
    }

    private static List<String> checkHosts(String role, List<String> hosts) {
        Set<String> seen = new HashSet<>();
        for (String h : hosts) {
            if (h == null || h.length() > 253 || !HOST_NAME.matcher(h).matches()) {
                throw new IllegalArgumentException("invalid " + role + " name (lowercase RFC 1123 expected): " + h);
            }
            if (!seen.add(h)) {
                throw new IllegalArgumentException("duplicate " + role + ": " + h);
            }
        }
        return List.copyOf(hosts);
    }
}
