package dev.kthw.pki;

import static dev.kthw.pki.CertSpec.ExtUsage.CLIENT_AUTH;
import static dev.kthw.pki.CertSpec.ExtUsage.SERVER_AUTH;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.kthw.pki.CertSpec.ExtUsage;
import dev.kthw.pki.CertSpec.Usage;

/**
 * The cluster's certificate list, in the spirit of kubeadm's: one declarative row per certificate (or per
 * certificate per node), expanded against {@link PkiInputs}. {@code {node}} in a row is replaced by the node name.
 */
public final class CertTable {

    /** CN of the API server's client certificate towards kubelets; the RBAC ClusterRoleBinding binds this user. */
    public static final String APISERVER_KUBELET_CLIENT_CN = "kube-apiserver-kubelet-client";
    /** CN of the API server's client certificate towards etcd. */
    public static final String APISERVER_ETCD_CLIENT_CN = "kube-apiserver-etcd-client";
    /** Id (file stem) of the cluster CA. */
    public static final String CA_ID = "ca";

    private enum Each { ONCE, MASTER, WORKER }

    private enum To { NOBODY, ALL_NODES, MASTERS, WORKERS, SELF }

    private enum Ku { CA, LEAF, SIGNING_ONLY }

    private enum Sans { NONE, NODE, ETCD, APISERVER }

    private record Row(String id, Each each, String cn, List<String> orgs, Ku ku, Set<ExtUsage> eku, Sans sans,
            To to) {
    }

    private static final Set<ExtUsage> NONE = EnumSet.noneOf(ExtUsage.class);
    private static final Set<ExtUsage> CLIENT = EnumSet.of(CLIENT_AUTH);
    private static final Set<ExtUsage> SERVER = EnumSet.of(SERVER_AUTH);
    private static final Set<ExtUsage> BOTH = EnumSet.of(SERVER_AUTH, CLIENT_AUTH);
    private static final List<String> K8S = List.of("Kubernetes");

    // @formatter:off
    private static final List<Row> TABLE = List.of(
        //      id                          each         CN                                  O                                          key usage        EKU     SANs            recipients
        new Row(CA_ID,                      Each.ONCE,   "Kubernetes",                       K8S,                                       Ku.CA,           NONE,   Sans.NONE,      To.ALL_NODES),
        new Row("admin",                    Each.ONCE,   "admin",                            List.of("system:masters"),                 Ku.LEAF,         CLIENT, Sans.NONE,      To.NOBODY),
        new Row("kubelet-{node}",           Each.WORKER, "system:node:{node}",               List.of("system:nodes"),                   Ku.LEAF,         BOTH,   Sans.NODE,      To.SELF),
        new Row("kube-proxy",               Each.ONCE,   "system:kube-proxy",                List.of("system:node-proxier"),            Ku.LEAF,         CLIENT, Sans.NONE,      To.WORKERS),
        new Row("kube-controller-manager",  Each.ONCE,   "system:kube-controller-manager",   List.of("system:kube-controller-manager"), Ku.LEAF,         CLIENT, Sans.NONE,      To.MASTERS),
        new Row("kube-scheduler",           Each.ONCE,   "system:kube-scheduler",            List.of("system:kube-scheduler"),          Ku.LEAF,         CLIENT, Sans.NONE,      To.MASTERS),
        new Row("service-account",          Each.ONCE,   "service-accounts",                 K8S,                                       Ku.SIGNING_ONLY, CLIENT, Sans.NONE,      To.MASTERS),
        new Row("kube-apiserver",           Each.ONCE,   "kubernetes",                       K8S,                                       Ku.LEAF,         SERVER, Sans.APISERVER, To.MASTERS),
        new Row("etcd-{node}",              Each.MASTER, "etcd-{node}",                      K8S,                                       Ku.LEAF,         BOTH,   Sans.ETCD,      To.SELF),
        new Row("apiserver-etcd-client",    Each.ONCE,   APISERVER_ETCD_CLIENT_CN,           K8S,                                       Ku.LEAF,         CLIENT, Sans.NONE,      To.MASTERS),
        new Row("apiserver-kubelet-client", Each.ONCE,   APISERVER_KUBELET_CLIENT_CN,        K8S,                                       Ku.LEAF,         CLIENT, Sans.NONE,      To.MASTERS));
    // @formatter:on

    private CertTable() {
    }

    /** The full, ordered certificate list for these inputs; the CA is first. */
    public static List<CertSpec> specs(PkiInputs in) {
        List<CertSpec> out = new ArrayList<>();
        for (Row row : TABLE) {
            List<Node> nodes = switch (row.each()) {
                case ONCE -> java.util.Collections.singletonList((Node) null);
                case MASTER -> in.masters();
                case WORKER -> in.workers();
            };
            for (Node node : nodes) {
                out.add(expand(row, node, in));
            }
        }
        return List.copyOf(out);
    }

    private static CertSpec expand(Row row, Node node, PkiInputs in) {
        Set<String> dns = new LinkedHashSet<>();
        Set<String> ips = new LinkedHashSet<>();
        switch (row.sans()) {
            case NONE -> { }
            case NODE -> {
                dns.add(node.name());
                ips.add(node.address());
            }
            case ETCD -> {
                ips.add(node.address());
                dns.add(node.name());
                ips.add("127.0.0.1");
                dns.add("localhost");
            }
            case APISERVER -> {
                ips.add(in.firstServiceIp());
                for (Node m : in.masters()) {
                    ips.add(m.address());
                    dns.add(m.name());
                }
                (Names.isIpv4(in.apiEndpoint()) ? ips : dns).add(in.apiEndpoint());
                ips.add("127.0.0.1");
                dns.add("localhost");
                dns.add("kubernetes");
                dns.add("kubernetes.default");
                dns.add("kubernetes.default.svc");
                dns.add("kubernetes.default.svc.cluster");
                dns.add("kubernetes.default.svc." + in.dnsDomain());
            }
        }
        Set<String> to = new LinkedHashSet<>();
        switch (row.to()) {
            case NOBODY -> { }
            case ALL_NODES -> {
                in.masters().forEach(n -> to.add(n.name()));
                in.workers().forEach(n -> to.add(n.name()));
            }
            case MASTERS -> in.masters().forEach(n -> to.add(n.name()));
            case WORKERS -> in.workers().forEach(n -> to.add(n.name()));
            case SELF -> to.add(node.name());
        }
        Set<Usage> ku = switch (row.ku()) {
            case CA -> EnumSet.of(Usage.DIGITAL_SIGNATURE, Usage.KEY_CERT_SIGN, Usage.CRL_SIGN);
            case SIGNING_ONLY -> EnumSet.of(Usage.DIGITAL_SIGNATURE);
            case LEAF -> in.keyAlgorithm() == KeyAlgorithm.RSA_2048
                    ? EnumSet.of(Usage.DIGITAL_SIGNATURE, Usage.KEY_ENCIPHERMENT)
                    : EnumSet.of(Usage.DIGITAL_SIGNATURE);
        };
        String name = node == null ? "" : node.name();
        return new CertSpec(row.id().replace("{node}", name), row.cn().replace("{node}", name), row.orgs(), ku,
                row.eku(), List.copyOf(dns), List.copyOf(ips), List.copyOf(to), row.ku() == Ku.CA);
    }
}
