package dev.kthw.cli.render;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.kthw.cli.inventory.KubernetesVersion;

/**
 * Every version-dependent choice in the templates, decided here in one place from the version profile so that it
 * can be tested and documented (docs/files/*.md). Templates only read these values; they never compare versions.
 *
 * @param kubeletNetworkPluginFlag        kubelet {@code --network-plugin=cni}: removed with dockershim in 1.24
 * @param kubeletImagePullProgressDeadline kubelet {@code --image-pull-progress-deadline}: removed in 1.24
 * @param kubeletContainerRuntimeFlag     kubelet {@code --container-runtime=remote}: a no-op from 1.24, removed in 1.27
 * @param kubeletRuntimeEndpointInConfig  KubeletConfiguration {@code containerRuntimeEndpoint} (field since 1.27);
 *                                        before that the {@code --container-runtime-endpoint} flag
 * @param schedulerConfigApiVersion       kubescheduler.config.k8s.io/v1beta1 (1.19-1.22; removed in 1.23),
 *                                        v1beta2 (1.22-1.25; used for 1.23-1.24), v1 (GA in 1.25)
 * @param apiserverCountFlag              kube-apiserver {@code --apiserver-count} (seed only; deprecated, the lease
 *                                        reconciler needs none)
 * @param apiserverRuntimeConfigAll       kube-apiserver {@code --runtime-config=api/all=true}: the seed's; it turns on
 *                                        every alpha API, so only the seed profile keeps it
 * @param cgroupDriver                    kubelet cgroupDriver, from the catalog ({@code systemd} for current profiles)
 * @param systemdCgroup                   containerd runc {@code SystemdCgroup}; always equal to cgroupDriver == systemd
 * @param containerdConfigVersion         {@code 2} for containerd 1.x, {@code 3} for containerd 2.x
 * @param containerdCniBinDirs            containerd CRI {@code cni.bin_dirs} (a list; containerd 2.1+) instead of
 *                                        {@code cni.bin_dir} (deprecated since 2.1)
 * @param containerdRuntimeV1             the seed's {@code io.containerd.runtime.v1.linux} runtime (containerd 1.x only)
 * @param cniVersion                      cniVersion of the CNI configs: 0.4.0 for plugins 0.x, 1.0.0 from plugins 1.0
 * @param etcdUnsupportedArchArm64        {@code ETCD_UNSUPPORTED_ARCH=arm64}: etcd before 3.5 refuses to start on
 *                                        arm64 without it
 * @param kubeletRefusesCgroupV1          from 1.35 the kubelet's failCgroupV1 defaults to true (it will not start on
 *                                        a cgroup v1 host); a preflight checks the node, the config says it explicitly
 */
public record Gates(
        boolean kubeletNetworkPluginFlag,
        boolean kubeletImagePullProgressDeadline,
        boolean kubeletContainerRuntimeFlag,
        boolean kubeletRuntimeEndpointInConfig,
        String schedulerConfigApiVersion,
        boolean apiserverCountFlag,
        boolean apiserverRuntimeConfigAll,
        String cgroupDriver,
        boolean systemdCgroup,
        int containerdConfigVersion,
        boolean containerdCniBinDirs,
        boolean containerdRuntimeV1,
        String cniVersion,
        boolean etcdUnsupportedArchArm64,
        boolean kubeletRefusesCgroupV1) {

    public static Gates of(VersionProfile p) {
        KubernetesVersion k = p.kubernetesVersion();
        SemVer containerd = p.containerdVersion();
        String scheduler;
        if (k.below(1, 23)) {
            scheduler = "kubescheduler.config.k8s.io/v1beta1";
        } else if (k.below(1, 25)) {
            scheduler = "kubescheduler.config.k8s.io/v1beta2";
        } else {
            scheduler = "kubescheduler.config.k8s.io/v1";
        }
        boolean runtimeV1 = "linux-v1".equals(p.runtime());
        if (runtimeV1 && containerd.atLeast(2, 0)) {
            throw new IllegalArgumentException("containerd " + containerd + " has no io.containerd.runtime.v1.linux");
        }
        return new Gates(
                k.below(1, 24),
                k.below(1, 24),
                k.below(1, 27),
                k.atLeast(1, 27),
                scheduler,
                k.below(1, 22),
                k.below(1, 22),
                p.cgroupDriver(),
                "systemd".equals(p.cgroupDriver()),
                containerd.atLeast(2, 0) ? 3 : 2,
                containerd.atLeast(2, 1),
                runtimeV1,
                p.cniPluginsVersion().atLeast(1, 0) ? "1.0.0" : "0.4.0",
                p.etcdVersion().below(3, 5),
                k.atLeast(1, 35));
    }

    /** The gates as a template model (name -> value). */
    Map<String, Object> toModel() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kubeletNetworkPluginFlag", kubeletNetworkPluginFlag);
        m.put("kubeletImagePullProgressDeadline", kubeletImagePullProgressDeadline);
        m.put("kubeletContainerRuntimeFlag", kubeletContainerRuntimeFlag);
        m.put("kubeletRuntimeEndpointInConfig", kubeletRuntimeEndpointInConfig);
        m.put("schedulerConfigApiVersion", schedulerConfigApiVersion);
        m.put("apiserverCountFlag", apiserverCountFlag);
        m.put("apiserverRuntimeConfigAll", apiserverRuntimeConfigAll);
        m.put("cgroupDriver", cgroupDriver);
        m.put("systemdCgroup", systemdCgroup);
        m.put("containerdConfigVersion", containerdConfigVersion);
        m.put("containerdCniBinDirs", containerdCniBinDirs);
        m.put("containerdRuntimeV1", containerdRuntimeV1);
        m.put("cniVersion", cniVersion);
        m.put("etcdUnsupportedArchArm64", etcdUnsupportedArchArm64);
        m.put("kubeletRefusesCgroupV1", kubeletRefusesCgroupV1);
        return m;
    }
}
