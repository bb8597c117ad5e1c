package dev.kthw.cli.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.constructor.ConstructYamlNull;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * Reads and validates an inventory file. Every scalar is read as a string (YAML's failsafe schema), so
 * {@code kubernetesVersion: 1.30} stays "1.30" and is never the float 1.3; numbers are parsed here, with
 * errors naming the field. All problems are collected before failing, each naming its field and host.
 */
public final class InventoryLoader {

    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    static final Pattern DNS_NAME = Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");
    static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");
    static final Pattern SSH_USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");

    /**
     * YAML's failsafe schema (every scalar a string) plus null for an empty plain value ({@code hosts:} with
     * nothing after it), so that such a field is reported as missing rather than as a YAML error.
     */
    static final Schema STRINGS_AND_EMPTY = new Schema() {
        private final ScalarResolver resolver = (value, implicit) ->
                Boolean.TRUE.equals(implicit) && (value.isEmpty() || value.equals("~") || value.equals("null")) ? Tag.NULL : Tag.STR;

        @Override
        public ScalarResolver getScalarResolver() {
            return resolver;
        }

        @Override
        public Map<Tag, ConstructNode> getSchemaTagConstructors() {
            return Map.of(Tag.NULL, new ConstructYamlNull());
        }
    };

    private static final Set<String> TOP_KEYS = Set.of("cluster", "ssh", "pki", "hosts");
    private static final Set<String> CLUSTER_KEYS = Set.of("name", "kubernetesVersion", "serviceCIDR", "clusterCIDR",
            "dnsIP", "dnsDomain", "apiEndpoint", "apiPort", "arch", "podNetwork");
    private static final Set<String> SSH_KEYS = Set.of("user", "port", "keyPath", "knownHosts");
    private static final Set<String> HOST_SSH_KEYS = Set.of("user", "port", "keyPath");
    private static final Set<String> PKI_KEYS = Set.of("keyAlgorithm", "leafValidityDays", "caValidityDays");
    private static final Set<String> HOST_KEYS = Set.of("name", "address", "role", "arch", "podCIDR", "hostKey", "ssh");

    public static final String DEFAULT_CLUSTER_NAME = "kubernetes-the-hard-way";
    public static final String DEFAULT_SERVICE_CIDR = "10.32.0.0/24";
    public static final String DEFAULT_CLUSTER_CIDR = "10.200.0.0/16";
    public static final int POD_CIDR_PREFIX = 24;

    private final String label;
    private final Path file;
    private final Path baseDir;
    private final Path home;
    private final List<Problem> problems = new ArrayList<>();
    private final List<String[]> hostsWithoutUser = new ArrayList<>();

    private InventoryLoader(Path file, Path home) {
        this.file = file;
        this.label = file.toString();
        this.baseDir = file.toAbsolutePath().normalize().getParent();
        this.home = home;
    }

    /** Loads {@code file}; throws {@link InventoryException} listing every error (and warning) found. */
    public static Inventory load(Path file) {
        return new InventoryLoader(file, Path.of(System.getProperty("user.home"))).run(readText(file));
    }

    /** Warnings of a successful load (e.g. an even number of etcd members). */
    public static List<Problem> warnings(Inventory inventory) {
        return new InventoryLoader(inventory.file(), Path.of(System.getProperty("user.home"))).semanticWarnings(inventory);
    }

    /** Inventories are small; anything bigger is a wrong path (a disk image, /dev/zero), not an inventory. */
    static final long MAX_BYTES = 1 << 20;

    private static String readText(Path file) {
        if (file.toString().isEmpty()) {
            throw new InventoryException(List.of(Problem.error(null, "--inventory", null, "the path is empty")));
        }
        if (Files.isDirectory(file)) {
            throw single(file, "is a directory, not an inventory file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw single(file, "is not a regular file");
        }
        try {
            if (Files.exists(file) && Files.size(file) > MAX_BYTES) {
                throw single(file, "is larger than 1 MiB; is this really an inventory?");
            }
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw single(file, "file not found");
        } catch (CharacterCodingException e) {
            throw single(file, "not UTF-8 text");
        } catch (IOException e) {
            throw single(file, "cannot read: " + dev.kthw.pki.StateDir.reason(e));
        }
    }

    private static InventoryException single(Path file, String message) {
        return new InventoryException(List.of(Problem.error(file.toString(), null, null, message)));
    }

    private Inventory run(String text) {
        Object root;
        try {
            LoadSettings settings = LoadSettings.builder()
                    .setSchema(STRINGS_AND_EMPTY)
                    .setAllowDuplicateKeys(false)
                    .setLabel(label)
                    .setMaxAliasesForCollections(10)
                    .setAllowRecursiveKeys(false)
                    .build();
            List<Object> docs = new ArrayList<>();
            new Load(settings).loadAllFromString(text).forEach(docs::add);
            if (docs.size() > 1) {
                throw single(file, "holds " + docs.size() + " YAML documents; expected one");
            }
            root = docs.isEmpty() ? null : docs.get(0);
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ": ")
                    .orElse("");
            throw single(file, "YAML syntax: " + where + oneLine(e.getProblem()));
        } catch (YamlEngineException e) {
            throw single(file, "YAML syntax: " + oneLine(e.getMessage()));
        }
        if (root == null || "".equals(root)) {
            throw single(file, "is empty; expected the keys cluster, ssh and hosts");
        }
        Map<String, Object> top = map(root, "");
        if (top == null) {
            throw new InventoryException(problems);
        }
        Inventory inv = build(top);
        if (inv != null) {
            problems.addAll(semanticProblems(inv));
        }
        if (inv == null || problems.stream().anyMatch(Problem::isError)) {
            throw new InventoryException(problems);
        }
        return inv;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    // ---- structural reading -------------------------------------------------------------------------------

    private void error(String field, String host, String message) {
        problems.add(Problem.error(label, field, host, message));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object node, String field) {
        if (node instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (!(k instanceof String)) {
                    error(field, null, "keys must be plain strings");
                    return null;
                }
            }
            return (Map<String, Object>) m;
        }
        error(field.isEmpty() ? null : field, null, field.isEmpty()
                ? "the top level must be a mapping with the keys cluster, ssh and hosts"
                : "must be a mapping, not " + describe(node));
        return null;
    }

    private static String describe(Object node) {
        if (node == null) {
            return "an empty value";
        }
        if (node instanceof List) {
            return "a list";
        }
        if (node instanceof Map) {
            return "a mapping";
        }
        return "the value '" + node + "'";
    }

    private void unknownKeys(Map<String, Object> m, Set<String> allowed, String prefix, String host) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                String hint = allowed.stream().filter(a -> a.equalsIgnoreCase(k)).findFirst()
                        .map(a -> " (did you mean " + a + "?)").orElse("");
                error(prefix + k, host, "unknown key" + hint + "; known keys: " + String.join(", ", sorted(allowed)));
            }
        }
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    private String str(Map<String, Object> m, String key, String field, String host, boolean required) {
        Object v = m == null ? null : m.get(key);
        if (v == null || "".equals(v)) {
            if (required) {
                error(field, host, "is required");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            error(field, host, "must be a single value, not " + describe(v));
            return null;
        }
        return s.trim();
    }

    private <T> T parsed(String text, String field, String host, Function<String, T> parser) {
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            error(field, host, e.getMessage());
            return null;
        }
    }

    private Integer intIn(String text, String field, String host, int min, int max) {
        return parsed(text, field, host, s -> {
            if (!s.matches("\\d{1,9}")) {
                throw new IllegalArgumentException("'" + s + "' is not a whole number");
            }
            int n = Integer.parseInt(s);
            if (n < min || n > max) {
                throw new IllegalArgumentException(n + " is out of range " + min + ".." + max);
            }
            return n;
        });
    }

    private Path path(String text) {
        if (text == null) {
            return null;
        }
        if (text.equals("~")) {
            return home;
        }
        if (text.startsWith("~/")) {
            return home.resolve(text.substring(2)).normalize();
        }
        return baseDir.resolve(text).normalize();
    }

    private Inventory build(Map<String, Object> top) {
        unknownKeys(top, TOP_KEYS, "", null);

        // cluster
        Map<String, Object> cluster = null;
        if (!top.containsKey("cluster")) {
            error("cluster", null, "is required (cluster name, kubernetesVersion, networks)");
        } else {
            cluster = map(top.get("cluster"), "cluster");
        }
        if (cluster != null) {
            unknownKeys(cluster, CLUSTER_KEYS, "cluster.", null);
        }
        String name = orDefault(str(cluster, "name", "cluster.name", null, false), DEFAULT_CLUSTER_NAME);
        if (!DNS_NAME.matcher(name).matches()) {
            error("cluster.name", null, "'" + name + "' must be lower-case letters, digits, '-' and '.'");
        }
        KubernetesVersion version = parsed(str(cluster, "kubernetesVersion", "cluster.kubernetesVersion", null, cluster != null),
                "cluster.kubernetesVersion", null, KubernetesVersion::parse);
        if (version != null && !version.supported()) {
            error("cluster.kubernetesVersion", null, "'" + version + "' is not supported; kthw supports 1."
                    + KubernetesVersion.MIN_MINOR + " to 1." + KubernetesVersion.MAX_MINOR);
        }
        Cidr serviceCidr = parsed(orDefault(str(cluster, "serviceCIDR", "cluster.serviceCIDR", null, false), DEFAULT_SERVICE_CIDR),
                "cluster.serviceCIDR", null, Cidr::parse);
        Cidr clusterCidr = parsed(orDefault(str(cluster, "clusterCIDR", "cluster.clusterCIDR", null, false), DEFAULT_CLUSTER_CIDR),
                "cluster.clusterCIDR", null, Cidr::parse);
        String dnsText = str(cluster, "dnsIP", "cluster.dnsIP", null, false);
        Ipv4 dnsIp = dnsText != null ? parsed(dnsText, "cluster.dnsIP", null, Ipv4::parse)
                : serviceCidr != null && serviceCidr.size() > 10 ? serviceCidr.network().plus(10) : null;
        String dnsDomain = orDefault(str(cluster, "dnsDomain", "cluster.dnsDomain", null, false), "cluster.local");
        if (!DNS_NAME.matcher(dnsDomain).matches()) {
            error("cluster.dnsDomain", null, "'" + dnsDomain + "' is not a valid DNS domain");
        }
        String apiEndpoint = str(cluster, "apiEndpoint", "cluster.apiEndpoint", null, false);
        if (apiEndpoint != null && Ipv4.parseOrNull(apiEndpoint) == null
                && (!DNS_NAME.matcher(apiEndpoint).matches() || apiEndpoint.matches("[0-9.]+"))) {
            error("cluster.apiEndpoint", null, "'" + apiEndpoint + "' is neither an IPv4 address nor a DNS name");
        }
        Integer apiPort = intIn(orDefault(str(cluster, "apiPort", "cluster.apiPort", null, false), "6443"),
                "cluster.apiPort", null, 1, 65535);
        Arch defaultArch = parsed(orDefault(str(cluster, "arch", "cluster.arch", null, false), "arm64"),
                "cluster.arch", null, Arch::parse);
        Inventory.PodNetwork podNetwork = parsed(orDefault(str(cluster, "podNetwork", "cluster.podNetwork", null, false), "routes"),
                "cluster.podNetwork", null, s -> switch (s) {
                    case "routes" -> Inventory.PodNetwork.ROUTES;
                    case "flannel" -> Inventory.PodNetwork.FLANNEL;
                    default -> throw new IllegalArgumentException("'" + s + "' is not a pod network (expected routes or flannel)");
                });

        // pki
        Map<String, Object> pki = top.containsKey("pki") ? map(top.get("pki"), "pki") : Map.of();
        if (pki != null) {
            unknownKeys(pki, PKI_KEYS, "pki.", null);
        }
        String keyAlgorithm = orDefault(str(pki, "keyAlgorithm", "pki.keyAlgorithm", null, false), "rsa-2048");
        if (!Set.of("rsa-2048", "ecdsa-p256").contains(keyAlgorithm)) {
            error("pki.keyAlgorithm", null, "'" + keyAlgorithm + "' is not supported (expected rsa-2048 or ecdsa-p256)");
        }
        Integer leafDays = intIn(orDefault(str(pki, "leafValidityDays", "pki.leafValidityDays", null, false), "365"),
                "pki.leafValidityDays", null, 1, 3650);
        Integer caDays = intIn(orDefault(str(pki, "caValidityDays", "pki.caValidityDays", null, false), "3650"),
                "pki.caValidityDays", null, 1, 36500);
        if (leafDays != null && caDays != null && leafDays > caDays) {
            error("pki.leafValidityDays", null, leafDays + " days is longer than the CA's " + caDays + " days");
        }

        // ssh defaults
        Map<String, Object> ssh = null;
        if (!top.containsKey("ssh")) {
            error("ssh", null, "is required (at least ssh.user)");
        } else {
            ssh = map(top.get("ssh"), "ssh");
        }
        if (ssh != null) {
            unknownKeys(ssh, SSH_KEYS, "ssh.", null);
        }
        String sshUser = str(ssh, "user", "ssh.user", null, false);
        if (sshUser != null && !SSH_USER.matcher(sshUser).matches()) {
            error("ssh.user", null, "'" + sshUser + "' is not a valid user name");
        }
        Integer sshPort = intIn(orDefault(str(ssh, "port", "ssh.port", null, false), "22"), "ssh.port", null, 1, 65535);
        Path keyPath = path(str(ssh, "keyPath", "ssh.keyPath", null, false));
        Path knownHosts = path(orDefault(str(ssh, "knownHosts", "ssh.knownHosts", null, false), "~/.ssh/known_hosts"));
        SshSettings sshDefaults = new SshSettings(sshUser, sshPort == null ? 22 : sshPort, keyPath, knownHosts);

        // hosts
        List<Host> hosts = new ArrayList<>();
        Object hostsNode = top.get("hosts");
        if (hostsNode == null || "".equals(hostsNode)) {
            error("hosts", null, "is required: a list of hosts with name, address and role");
        } else if (!(hostsNode instanceof List<?> list)) {
            error("hosts", null, "must be a list, not " + describe(hostsNode));
        } else if (list.isEmpty()) {
            error("hosts", null, "is empty: at least one master is needed");
        } else {
            for (int i = 0; i < list.size(); i++) {
                Host h = host(list.get(i), "hosts[" + i + "]", sshDefaults, defaultArch);
                if (h != null) {
                    hosts.add(h);
                }
            }
            if (ssh != null && hostsWithoutUser.size() == list.size()) {
                error("ssh.user", null, "no SSH user: set ssh.user (or each host's ssh.user)");
            } else {
                hostsWithoutUser.forEach(h -> error(h[0], h[1], "no SSH user: set ssh.user or this host's ssh.user"));
            }
        }
        if (problems.stream().anyMatch(Problem::isError)) {
            return null;
        }
        return new Inventory(file, name, version, serviceCidr, clusterCidr, dnsIp, dnsDomain, apiEndpoint, apiPort,
                podNetwork, new Inventory.PkiSettings(keyAlgorithm, leafDays, caDays), sshDefaults, List.copyOf(hosts));
    }

    private Host host(Object node, String field, SshSettings defaults, Arch defaultArch) {
        Map<String, Object> m = map(node, field);
        if (m == null) {
            return null;
        }
        int before = problems.size();
        String name = str(m, "name", field + ".name", null, true);
        String who = name;
        unknownKeys(m, HOST_KEYS, field + ".", who);
        if (name != null && !DNS_LABEL.matcher(name).matches()) {
            error(field + ".name", who, "'" + name + "' is not a valid DNS label (lower-case letters, digits and '-', at most 63;"
                    + " the kubelet's identity is system:node:<name>)");
        }
        Ipv4 address = parsed(str(m, "address", field + ".address", who, true), field + ".address", who, Ipv4::parse);
        Role role = parsed(str(m, "role", field + ".role", who, true), field + ".role", who, Role::parse);
        String archText = str(m, "arch", field + ".arch", who, false);
        Arch arch = archText == null ? defaultArch : parsed(archText, field + ".arch", who, Arch::parse);
        Cidr podCidr = parsed(str(m, "podCIDR", field + ".podCIDR", who, false), field + ".podCIDR", who, Cidr::parse);
        String hostKey = str(m, "hostKey", field + ".hostKey", who, false);
        if (hostKey != null && !FINGERPRINT.matcher(hostKey).matches()) {
            error(field + ".hostKey", who, "'" + hostKey + "' is not an OpenSSH SHA256 fingerprint (SHA256: and 43 base64 characters)");
        }
        String user = defaults.user();
        int port = defaults.port();
        Path keyPath = defaults.keyPath();
        if (m.containsKey("ssh")) {
            Map<String, Object> ssh = map(m.get("ssh"), field + ".ssh");
            if (ssh != null) {
                unknownKeys(ssh, HOST_SSH_KEYS, field + ".ssh.", who);
                user = orDefault(str(ssh, "user", field + ".ssh.user", who, false), user);
                if (user != null && !SSH_USER.matcher(user).matches()) {
                    error(field + ".ssh.user", who, "'" + user + "' is not a valid user name");
                }
                Integer p = intIn(str(ssh, "port", field + ".ssh.port", who, false), field + ".ssh.port", who, 1, 65535);
                port = p == null ? port : p;
                String k = str(ssh, "keyPath", field + ".ssh.keyPath", who, false);
                keyPath = k == null ? keyPath : path(k);
            }
        }
        if (user == null) {
            hostsWithoutUser.add(new String[] {field + ".ssh.user", who});
        }
        if (problems.size() > before || user == null) {
            return null;
        }
        return new Host(name, address, role, arch, podCidr, hostKey, new SshSettings(user, port, keyPath, defaults.knownHosts()));
    }

    private static String orDefault(String v, String d) {
        return v == null ? d : v;
    }

    // ---- semantic checks over a structurally valid inventory -----------------------------------------------

    private List<Problem> semanticProblems(Inventory inv) {
        List<Problem> out = new ArrayList<>();
        List<Host> hosts = inv.hosts();
        Map<String, Integer> names = new HashMap<>();
        Map<Ipv4, String> addresses = new HashMap<>();
        for (int i = 0; i < hosts.size(); i++) {
            Host h = hosts.get(i);
            String f = "hosts[" + i + "]";
            Integer prev = names.putIfAbsent(h.name(), i);
            if (prev != null) {
                out.add(Problem.error(label, f + ".name", h.name(), "duplicate host name (also hosts[" + prev + "])"));
            }
            String prevHost = addresses.putIfAbsent(h.address(), h.name());
            if (prevHost != null) {
                out.add(Problem.error(label, f + ".address", h.name(), h.address() + " is also the address of " + prevHost));
            }
            if (inv.serviceCidr().contains(h.address())) {
                out.add(Problem.error(label, f + ".address", h.name(), h.address() + " is inside the service CIDR " + inv.serviceCidr()));
            }
            if (inv.clusterCidr().contains(h.address())) {
                out.add(Problem.error(label, f + ".address", h.name(), h.address() + " is inside the cluster CIDR " + inv.clusterCidr()));
            }
            if (h.address().value() == 0 || h.address().toString().startsWith("127.") || h.address().value() >= 0xE000_0000L) {
                out.add(Problem.error(label, f + ".address", h.name(), h.address() + " is not a unicast host address"));
            }
            if (h.podCidr() != null && inv.podNetwork() == Inventory.PodNetwork.FLANNEL) {
                out.add(Problem.error(label, f + ".podCIDR", h.name(), "with podNetwork: flannel the controller-manager assigns"
                        + " podCIDRs; remove this one or use podNetwork: routes"));
            } else if (h.podCidr() != null && !h.isWorker()) {
                out.add(Problem.error(label, f + ".podCIDR", h.name(), "only workers run pods; remove podCIDR or make the role worker or both"));
            }
        }
        String portUser = switch (inv.apiPort()) {
            case 2379, 2380 -> "etcd";
            case 10250 -> "the kubelet";
            case 10256 -> "kube-proxy";
            case 10257 -> "the controller-manager";
            case 10259 -> "the scheduler";
            default -> null;
        };
        if (portUser != null) {
            out.add(Problem.error(label, "cluster.apiPort", null, inv.apiPort() + " is used by " + portUser + " on the masters"));
        }
        if (inv.masters().isEmpty()) {
            out.add(Problem.error(label, "hosts", null, "no host has role master (or both); the cluster needs a control plane"));
        }
        if (inv.serviceCidr().overlaps(inv.clusterCidr())) {
            out.add(Problem.error(label, "cluster.clusterCIDR", null, inv.clusterCidr() + " overlaps the service CIDR " + inv.serviceCidr()));
        }
        if (inv.serviceCidr().prefix() > 28) {
            out.add(Problem.error(label, "cluster.serviceCIDR", null, inv.serviceCidr() + " is too small (at most /28)"));
        }
        if (inv.dnsIp() == null) {
            out.add(Problem.error(label, "cluster.dnsIP", null, "is required when the service CIDR has fewer than 11 addresses"));
        } else if (!inv.serviceCidr().contains(inv.dnsIp())) {
            out.add(Problem.error(label, "cluster.dnsIP", null, inv.dnsIp() + " is outside the service CIDR " + inv.serviceCidr()));
        } else if (inv.dnsIp().equals(inv.serviceCidr().firstHost())) {
            out.add(Problem.error(label, "cluster.dnsIP", null, inv.dnsIp() + " is the kubernetes service's own IP; choose another (e.g. "
                    + inv.serviceCidr().network().plus(10) + ")"));
        } else if (inv.dnsIp().equals(inv.serviceCidr().network()) || inv.dnsIp().equals(inv.serviceCidr().last())) {
            out.add(Problem.error(label, "cluster.dnsIP", null, inv.dnsIp() + " is the network or broadcast address of " + inv.serviceCidr()));
        }
        if (inv.apiEndpoint() != null) {
            Ipv4 ep = Ipv4.parseOrNull(inv.apiEndpoint());
            if (ep != null && (inv.serviceCidr().contains(ep) || inv.clusterCidr().contains(ep))) {
                out.add(Problem.error(label, "cluster.apiEndpoint", null, ep + " is inside the service or cluster CIDR"));
            }
        }
        if (inv.clusterCidr().prefix() > POD_CIDR_PREFIX) {
            out.add(Problem.error(label, "cluster.clusterCIDR", null, inv.clusterCidr() + " is smaller than one /" + POD_CIDR_PREFIX
                    + " pod network per worker"));
        } else {
            podCidrProblems(inv, out);
        }
        return out;
    }

    private void podCidrProblems(Inventory inv, List<Problem> out) {
        List<Host> hosts = inv.hosts();
        long capacity = inv.clusterCidr().subnetCount(POD_CIDR_PREFIX);
        long workers = inv.workers().size();
        if (workers > capacity) {
            out.add(Problem.error(label, "cluster.clusterCIDR", null, inv.clusterCidr() + " has room for " + capacity
                    + " /" + POD_CIDR_PREFIX + " pod networks but there are " + workers + " workers"));
            return;
        }
        Map<Host, Cidr> effective = ClusterPlan.allocatePodCidrs(inv);
        List<Host> ws = inv.workers();
        for (int j = 0; j < ws.size(); j++) {
            Host h = ws.get(j);
            String f = "hosts[" + hosts.indexOf(h) + "].podCIDR";
            Cidr mine = effective.get(h);
            if (h.podCidr() != null && !inv.clusterCidr().contains(mine)) {
                out.add(Problem.error(label, f, h.name(), mine + " is outside the cluster CIDR " + inv.clusterCidr()));
            }
            for (int i = 0; i < j; i++) {
                Host other = ws.get(i);
                if (effective.get(other).overlaps(mine)) {
                    String how = h.podCidr() == null && other.podCidr() == null ? "" : h.podCidr() == null
                            ? " (allocated in inventory order; give " + h.name() + " an explicit podCIDR)" : "";
                    out.add(Problem.error(label, f, h.name(), mine + " overlaps the podCIDR of " + other.name() + how));
                }
            }
        }
    }

    private List<Problem> semanticWarnings(Inventory inv) {
        List<Problem> out = new ArrayList<>();
        int members = inv.masters().size();
        if (members > 0 && members % 2 == 0) {
            int tolerated = (members - 1) / 2;
            out.add(Problem.warning(label, "hosts", null, members + " masters make " + members + " etcd members, which tolerate "
                    + (tolerated == 0 ? "no failure" : tolerated + " failed member" + (tolerated == 1 ? "" : "s"))
                    + ", no more than " + (members - 1) + " would; use an odd number"));
        }
        if (inv.workers().isEmpty()) {
            out.add(Problem.warning(label, "hosts", null, "no host has role worker (or both): nothing can run pods"));
        }
        Set<Path> keys = new LinkedHashSet<>();
        for (Host h : inv.hosts()) {
            if (h.ssh().keyPath() != null && !Files.isReadable(h.ssh().keyPath()) && keys.add(h.ssh().keyPath())) {
                boolean shared = h.ssh().keyPath().equals(inv.sshDefaults().keyPath());
                out.add(Problem.warning(label, shared ? "ssh.keyPath" : "hosts[" + inv.hosts().indexOf(h) + "].ssh.keyPath",
                        shared ? null : h.name(), h.ssh().keyPath()
                        + " is not a readable file (needed for kthw hosts ..., not for certs or render)"));
            }
        }
        Set<Arch> archs = new LinkedHashSet<>();
        inv.hosts().forEach(h -> archs.add(h.arch()));
        if (archs.contains(Arch.AMD64)) {
            out.add(Problem.warning(label, "cluster.arch", null, "amd64 hosts are set explicitly; Raspberry Pis are arm64"));
        }
        return out;
    }
}
