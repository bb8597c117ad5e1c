package dev.kthw.cli.render;

import java.util.Map;

import dev.kthw.cli.inventory.Arch;
import dev.kthw.cli.inventory.KubernetesVersion;

/**
 * The component versions for one Kubernetes minor, from {@code catalog/versions.yaml}, with the Kubernetes patch
 * resolved (the inventory's pinned patch, or the catalog's). Version gates are in {@link Gates}.
 */
public record VersionProfile(
        String minor,
        String kubernetes,
        String etcd,
        String containerd,
        String runc,
        String cniPlugins,
        String crictl,
        String coredns,
        String pause,
        String cgroupDriver,
        String runtime,
        String resolvConf,
        Map<String, Download> downloads) {

    public KubernetesVersion kubernetesVersion() {
        return KubernetesVersion.parse(kubernetes);
    }

    public SemVer etcdVersion() {
        return SemVer.parse(etcd);
    }

    public SemVer containerdVersion() {
        return SemVer.parse(containerd);
    }

    public SemVer cniPluginsVersion() {
        return SemVer.parse(cniPlugins);
    }

    /** This profile with another Kubernetes patch (an inventory that pins "1.36.2"). */
    public VersionProfile withKubernetes(String patch) {
        return new VersionProfile(minor, patch, etcd, containerd, runc, cniPlugins, crictl, coredns, pause, cgroupDriver,
                runtime, resolvConf, downloads);
    }

    /** The version of a component by its catalog name (kubernetes, etcd, containerd, runc, cniPlugins, crictl). */
    public String version(String component) {
        return switch (component) {
            case "kubernetes" -> kubernetes;
            case "etcd" -> etcd;
            case "containerd" -> containerd;
            case "runc" -> runc;
            case "cniPlugins" -> cniPlugins;
            case "crictl" -> crictl;
            default -> throw new IllegalArgumentException("unknown component " + component);
        };
    }

    public Download download(String component) {
        Download d = downloads.get(component);
        if (d == null) {
            throw new IllegalArgumentException("the catalog has no download for " + component);
        }
        return d;
    }

    /** The artifact URL of a component (not Kubernetes binaries: see {@link #kubernetesUrl}). */
    public String url(String component, Arch arch) {
        return download(component).url(version(component), arch.goArch());
    }

    public String kubernetesUrl(String binary, Arch arch) {
        return download("kubernetes").url(kubernetes, arch.goArch(), binary);
    }
}
