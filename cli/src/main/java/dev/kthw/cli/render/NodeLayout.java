package dev.kthw.cli.render;

import java.util.ArrayList;
import java.util.List;

import dev.kthw.cli.inventory.Host;

/**
 * Where things go on a node, and which state-directory file (see docs/files/pki-layout.md) is copied to which node
 * path. The seed's layout: {@code /etc/etcd}, {@code /var/lib/kubernetes}, {@code /etc/kubernetes/config},
 * {@code /var/lib/kubelet}, {@code /var/lib/kube-proxy}; binaries in {@code /usr/local/bin}.
 */
public final class NodeLayout {
    private NodeLayout() {
    }

    public static final String BIN = "/usr/local/bin";
    public static final String SYSTEMD = "/etc/systemd/system";
    public static final String ETCD_DIR = "/etc/etcd";
    public static final String ETCD_DATA = "/var/lib/etcd";
    public static final String K8S_DIR = "/var/lib/kubernetes";
    public static final String K8S_CONFIG_DIR = "/etc/kubernetes/config";
    public static final String KUBELET_DIR = "/var/lib/kubelet";
    public static final String KUBE_PROXY_DIR = "/var/lib/kube-proxy";
    public static final String CNI_CONF_DIR = "/etc/cni/net.d";
    public static final String CNI_BIN_DIR = "/opt/cni/bin";
    public static final String CONTAINERD_DIR = "/etc/containerd";
    public static final String CONTAINERD_SOCKET = "unix:///var/run/containerd/containerd.sock";

    /** A state file and where it goes. {@code mode} 0600 for keys and kubeconfigs. */
    public record StateFile(String statePath, String nodePath, int mode) {
    }

    /** State-relative paths (the contract with the pki and kubeconfig modules). */
    public static String cert(String id) {
        return "pki/" + id + ".crt";
    }

    public static String key(String id) {
        return "pki/" + id + ".key";
    }

    public static String kubeconfig(String name) {
        return "kubeconfig/" + name + ".kubeconfig";
    }

    public static final String ENCRYPTION_CONFIG = "encryption-config.yaml";

    public static List<StateFile> masterStateFiles(Host master) {
        List<StateFile> out = new ArrayList<>();
        out.add(new StateFile(cert("ca"), ETCD_DIR + "/ca.crt", 0644));
        out.add(new StateFile(cert("etcd-" + master.name()), ETCD_DIR + "/etcd.crt", 0644));
        out.add(new StateFile(key("etcd-" + master.name()), ETCD_DIR + "/etcd.key", 0600));
        out.add(new StateFile(cert("ca"), K8S_DIR + "/ca.crt", 0644));
        out.add(new StateFile(key("ca"), K8S_DIR + "/ca.key", 0600));
        out.add(new StateFile(cert("kube-apiserver"), K8S_DIR + "/kube-apiserver.crt", 0644));
        out.add(new StateFile(key("kube-apiserver"), K8S_DIR + "/kube-apiserver.key", 0600));
        out.add(new StateFile(cert("service-account"), K8S_DIR + "/service-account.crt", 0644));
        out.add(new StateFile(key("service-account"), K8S_DIR + "/service-account.key", 0600));
        out.add(new StateFile(cert("apiserver-etcd-client"), K8S_DIR + "/apiserver-etcd-client.crt", 0644));
        out.add(new StateFile(key("apiserver-etcd-client"), K8S_DIR + "/apiserver-etcd-client.key", 0600));
        out.add(new StateFile(cert("apiserver-kubelet-client"), K8S_DIR + "/apiserver-kubelet-client.crt", 0644));
        out.add(new StateFile(key("apiserver-kubelet-client"), K8S_DIR + "/apiserver-kubelet-client.key", 0600));
        out.add(new StateFile(ENCRYPTION_CONFIG, K8S_DIR + "/encryption-config.yaml", 0600));
        out.add(new StateFile(kubeconfig("kube-controller-manager"), K8S_DIR + "/kube-controller-manager.kubeconfig", 0600));
        out.add(new StateFile(kubeconfig("kube-scheduler"), K8S_DIR + "/kube-scheduler.kubeconfig", 0600));
        out.add(new StateFile(kubeconfig("admin"), "/etc/kubernetes/admin.kubeconfig", 0600));
        return out;
    }

    public static List<StateFile> workerStateFiles(Host worker) {
        List<StateFile> out = new ArrayList<>();
        out.add(new StateFile(cert("ca"), K8S_DIR + "/ca.crt", 0644));
        out.add(new StateFile(cert("kubelet-" + worker.name()), KUBELET_DIR + "/kubelet.crt", 0644));
        out.add(new StateFile(key("kubelet-" + worker.name()), KUBELET_DIR + "/kubelet.key", 0600));
        out.add(new StateFile(kubeconfig("kubelet-" + worker.name()), KUBELET_DIR + "/kubeconfig", 0600));
        out.add(new StateFile(kubeconfig("kube-proxy"), KUBE_PROXY_DIR + "/kubeconfig", 0600));
        return out;
    }

    public static List<NodeDirectory> masterDirectories() {
        return List.of(
                new NodeDirectory(ETCD_DIR, 0700, "root", "root"),
                new NodeDirectory(ETCD_DATA, 0700, "root", "root"),
                new NodeDirectory(K8S_DIR, 0755, "root", "root"),
                new NodeDirectory(K8S_CONFIG_DIR, 0755, "root", "root"));
    }

    public static List<NodeDirectory> workerDirectories() {
        return List.of(
                new NodeDirectory(K8S_DIR, 0755, "root", "root"),
                new NodeDirectory(KUBELET_DIR, 0700, "root", "root"),
                new NodeDirectory(KUBE_PROXY_DIR, 0755, "root", "root"),
                new NodeDirectory(CNI_CONF_DIR, 0755, "root", "root"),
                new NodeDirectory(CNI_BIN_DIR, 0755, "root", "root"),
                new NodeDirectory(CONTAINERD_DIR, 0755, "root", "root"));
    }
}
