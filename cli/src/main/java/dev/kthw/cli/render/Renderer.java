package dev.kthw.cli.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.kthw.cli.inventory.ClusterPlan;
import dev.kthw.cli.inventory.Host;
import dev.kthw.cli.inventory.Inventory;

/**
 * Renders every file of every host in memory: templates from the data model ({@link #model}) and verbatim copies of
 * the state directory's certificates, keys, kubeconfigs and encryption config. Nothing touches the disk; the push
 * phase can take {@link RenderResult#hosts()} as it is, and {@link OutputTree} writes it for {@code kthw render}.
 * Deterministic: the same inventory, catalog and state give byte-identical results.
 */
public final class Renderer {
    private final VersionCatalog catalog;
    private final TemplateEngine engine;

    public Renderer() {
        this(VersionCatalog.builtin(), new TemplateEngine());
    }

    public Renderer(VersionCatalog catalog, TemplateEngine engine) {
        this.catalog = catalog;
        this.engine = engine;
    }

    /**
     * @throws MissingStateFilesException when {@code state} lacks files (message names them, exit code 3)
     */
    public RenderResult render(ClusterPlan plan, StateSource state) {
        Inventory inv = plan.inventory();
        VersionProfile profile = catalog.profile(inv.kubernetesVersion());
        Gates gates = Gates.of(profile);
        List<String> missing = new ArrayList<>();
        Map<String, HostRender> hosts = new LinkedHashMap<>();
        for (Host h : inv.hosts()) {
            hosts.put(h.name(), renderHost(plan, profile, gates, h, state, missing));
        }
        if (!missing.isEmpty()) {
            throw new MissingStateFilesException("the state directory", new ArrayList<>(new LinkedHashSet<>(missing)));
        }
        Map<String, Object> clusterModel = model(plan, profile, gates, null);
        List<RenderResult.ClusterFile> cluster = List.of(
                new RenderResult.ClusterFile("apiserver-to-kubelet-rbac.yaml",
                        engine.render("config/apiserver-to-kubelet-rbac.yaml.ftl", clusterModel)),
                new RenderResult.ClusterFile("coredns.yaml", engine.render("config/coredns.yaml.ftl", clusterModel)));
        return new RenderResult(profile, gates, hosts, cluster);
    }

    private HostRender renderHost(ClusterPlan plan, VersionProfile profile, Gates gates, Host host, StateSource state,
                                  List<String> missing) {
        Map<String, Object> model = model(plan, profile, gates, host);
        Files files = new Files(host.name());
        Set<NodeDirectory> dirs = new LinkedHashSet<>();
        boolean routes = plan.inventory().podNetwork() == Inventory.PodNetwork.ROUTES;
        if (host.isMaster()) {
            files.template("systemd/etcd.service.ftl", NodeLayout.SYSTEMD + "/etcd.service", 0644, engine, model);
            files.template("systemd/kube-apiserver.service.ftl", NodeLayout.SYSTEMD + "/kube-apiserver.service", 0644, engine, model);
            files.template("systemd/kube-controller-manager.service.ftl", NodeLayout.SYSTEMD + "/kube-controller-manager.service",
                    0644, engine, model);
            files.template("systemd/kube-scheduler.service.ftl", NodeLayout.SYSTEMD + "/kube-scheduler.service", 0644, engine, model);
            files.template("config/kube-scheduler.yaml.ftl", NodeLayout.K8S_CONFIG_DIR + "/kube-scheduler.yaml", 0644, engine, model);
            for (NodeLayout.StateFile sf : NodeLayout.masterStateFiles(host)) {
                files.state(sf, state, missing);
            }
            dirs.addAll(NodeLayout.masterDirectories());
        }
        if (host.isWorker()) {
            files.template("systemd/containerd.service.ftl", NodeLayout.SYSTEMD + "/containerd.service", 0644, engine, model);
            files.template("config/containerd-config.toml.ftl", NodeLayout.CONTAINERD_DIR + "/config.toml", 0644, engine, model);
            files.template("systemd/kubelet.service.ftl", NodeLayout.SYSTEMD + "/kubelet.service", 0644, engine, model);
            files.template("config/kubelet-config.yaml.ftl", NodeLayout.KUBELET_DIR + "/kubelet-config.yaml", 0644, engine, model);
            files.template("systemd/kube-proxy.service.ftl", NodeLayout.SYSTEMD + "/kube-proxy.service", 0644, engine, model);
            files.template("config/kube-proxy-config.yaml.ftl", NodeLayout.KUBE_PROXY_DIR + "/kube-proxy-config.yaml", 0644,
                    engine, model);
            if (routes) {
                files.template("cni/10-bridge.conf.ftl", NodeLayout.CNI_CONF_DIR + "/10-bridge.conf", 0644, engine, model);
            }
            files.template("cni/99-loopback.conf.ftl", NodeLayout.CNI_CONF_DIR + "/99-loopback.conf", 0644, engine, model);
            files.template("config/modules-load.conf.ftl", "/etc/modules-load.d/kthw.conf", 0644, engine, model);
            files.template("config/sysctl.conf.ftl", "/etc/sysctl.d/99-kthw.conf", 0644, engine, model);
            for (NodeLayout.StateFile sf : NodeLayout.workerStateFiles(host)) {
                files.state(sf, state, missing);
            }
            dirs.addAll(NodeLayout.workerDirectories());
        }
        if (routes && !podRoutes(plan, host).isEmpty()) {
            files.template("systemd/kthw-pod-routes.service.ftl", NodeLayout.SYSTEMD + "/kthw-pod-routes.service", 0644,
                    engine, model);
        }
        return new HostRender(host.name(), files.list(), mergeDirectories(dirs));
    }

    /** A "both" host gets a directory from each role; keep the strictest mode. */
    private static List<NodeDirectory> mergeDirectories(Set<NodeDirectory> dirs) {
        Map<String, NodeDirectory> byPath = new LinkedHashMap<>();
        for (NodeDirectory d : dirs) {
            byPath.merge(d.path(), d, (a, b) -> a.mode() <= b.mode() ? a : b);
        }
        return List.copyOf(byPath.values());
    }

    /** Routes this host needs: every OTHER worker's podCIDR via that worker's address. */
    static List<Map<String, Object>> podRoutes(ClusterPlan plan, Host host) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Host w : plan.workers()) {
            if (!w.name().equals(host.name())) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("name", w.name());
                r.put("cidr", plan.podCidr(w).toString());
                r.put("via", w.address().toString());
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The template data model: plain maps, lists, strings, numbers and booleans (no reflection on domain objects).
     * {@code host} is null for the cluster-wide add-ons.
     */
    public static Map<String, Object> model(ClusterPlan plan, VersionProfile profile, Gates gates, Host host) {
        Inventory inv = plan.inventory();
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("name", inv.clusterName());
        cluster.put("kubernetesVersion", profile.kubernetes());
        cluster.put("serviceCidr", inv.serviceCidr().toString());
        cluster.put("clusterCidr", inv.clusterCidr().toString());
        cluster.put("firstServiceIp", plan.firstServiceIp().toString());
        cluster.put("dnsIp", inv.dnsIp().toString());
        cluster.put("dnsDomain", inv.dnsDomain());
        cluster.put("apiServerUrl", plan.apiServerUrl());
        cluster.put("apiPort", inv.apiPort());
        cluster.put("podNetwork", inv.podNetwork().name().toLowerCase(java.util.Locale.ROOT));
        cluster.put("flannel", inv.podNetwork() == Inventory.PodNetwork.FLANNEL);
        cluster.put("etcdServers", plan.etcdServers());
        cluster.put("etcdInitialCluster", plan.etcdInitialCluster());
        cluster.put("masterCount", plan.masters().size());

        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("kubernetes", profile.kubernetes());
        versions.put("etcd", profile.etcd());
        versions.put("containerd", profile.containerd());
        versions.put("runc", profile.runc());
        versions.put("cniPlugins", profile.cniPlugins());
        versions.put("crictl", profile.crictl());
        versions.put("coredns", profile.coredns());
        versions.put("pause", profile.pause());

        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("bin", NodeLayout.BIN);
        paths.put("etcdDir", NodeLayout.ETCD_DIR);
        paths.put("etcdData", NodeLayout.ETCD_DATA);
        paths.put("k8sDir", NodeLayout.K8S_DIR);
        paths.put("k8sConfigDir", NodeLayout.K8S_CONFIG_DIR);
        paths.put("kubeletDir", NodeLayout.KUBELET_DIR);
        paths.put("kubeProxyDir", NodeLayout.KUBE_PROXY_DIR);
        paths.put("cniConfDir", NodeLayout.CNI_CONF_DIR);
        paths.put("cniBinDir", NodeLayout.CNI_BIN_DIR);
        paths.put("containerdSocket", NodeLayout.CONTAINERD_SOCKET);
        paths.put("resolvConf", profile.resolvConf());

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", cluster);
        m.put("versions", versions);
        m.put("gates", gates.toModel());
        m.put("paths", paths);
        if (host != null) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("name", host.name());
            h.put("address", host.address().toString());
            h.put("arch", host.arch().goArch());
            h.put("master", host.isMaster());
            h.put("worker", host.isWorker());
            boolean hasPodCidr = host.isWorker() && inv.podNetwork() == Inventory.PodNetwork.ROUTES;
            h.put("hasPodCidr", hasPodCidr);
            h.put("podCidr", hasPodCidr ? plan.podCidr(host).toString() : "");
            m.put("host", h);
            m.put("routes", podRoutes(plan, host));
        }
        return m;
    }

    /** Collects a host's files; a path given twice (a "both" host's CA) must be the same bytes and mode. */
    private static final class Files {
        private final String host;
        private final Map<String, NodeFile> byPath = new LinkedHashMap<>();

        Files(String host) {
            this.host = host;
        }

        void template(String template, String path, int mode, TemplateEngine engine, Map<String, Object> model) {
            add(new NodeFile(path, engine.render(template, model), mode, "root", "root", NodeFile.Source.TEMPLATE, template));
        }

        void state(NodeLayout.StateFile sf, StateSource state, List<String> missing) {
            Optional<byte[]> bytes = state.read(sf.statePath());
            if (bytes.isEmpty()) {
                missing.add(sf.statePath());
                return;
            }
            add(new NodeFile(sf.nodePath(), bytes.get(), sf.mode(), "root", "root", NodeFile.Source.STATE, sf.statePath()));
        }

        private void add(NodeFile f) {
            NodeFile old = byPath.putIfAbsent(f.path(), f);
            if (old != null && (!java.util.Arrays.equals(old.content(), f.content()) || old.mode() != f.mode())) {
                throw new IllegalStateException(host + ": two different files for " + f.path() + " (" + old.origin()
                        + ", " + f.origin() + ")");
            }
        }

        List<NodeFile> list() {
            return List.copyOf(byPath.values());
        }
    }
}
