package dev.kthw.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatesTest {
    /** One row per minor: the gates a reviewer can check against the Kubernetes/containerd release notes. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // minor, netPlugin, pullDeadline, runtimeRemote, endpointInConfig, scheduler, containerdCfg, runtimeV1, cgroup, cni, etcdArch
            "1.21, true,  true,  true,  false, v1beta1, 2, true,  cgroupfs, 0.4.0, true",
            "1.22, true,  true,  true,  false, v1beta1, 2, false, systemd,  1.0.0, false",
            "1.23, true,  true,  true,  false, v1beta2, 2, false, systemd,  1.0.0, false",
            "1.24, false, false, true,  false, v1beta2, 2, false, systemd,  1.0.0, false",
            "1.25, false, false, true,  false, v1,      2, false, systemd,  1.0.0, false",
            "1.26, false, false, true,  false, v1,      2, false, systemd,  1.0.0, false",
            "1.27, false, false, false, true,  v1,      2, false, systemd,  1.0.0, false",
            "1.28, false, false, false, true,  v1,      2, false, systemd,  1.0.0, false",
            "1.31, false, false, false, true,  v1,      2, false, systemd,  1.0.0, false",
            "1.32, false, false, false, true,  v1,      3, false, systemd,  1.0.0, false",
            "1.35, false, false, false, true,  v1,      3, false, systemd,  1.0.0, false",
            "1.36, false, false, false, true,  v1,      3, false, systemd,  1.0.0, false",
    })
    void gatesPerMinor(String minor, boolean netPlugin, boolean pullDeadline, boolean runtimeRemote, boolean endpointInConfig,
                       String scheduler, int containerdCfg, boolean runtimeV1, String cgroup, String cni, boolean etcdArch) {
        Gates g = Gates.of(VersionCatalog.builtin().profile(minor));
        assertThat(g.kubeletNetworkPluginFlag()).as("--network-plugin").isEqualTo(netPlugin);
        assertThat(g.kubeletImagePullProgressDeadline()).as("--image-pull-progress-deadline").isEqualTo(pullDeadline);
        assertThat(g.kubeletContainerRuntimeFlag()).as("--container-runtime").isEqualTo(runtimeRemote);
        assertThat(g.kubeletRuntimeEndpointInConfig()).as("containerRuntimeEndpoint").isEqualTo(endpointInConfig);
        assertThat(g.schedulerConfigApiVersion()).isEqualTo("kubescheduler.config.k8s.io/" + scheduler);
        assertThat(g.containerdConfigVersion()).isEqualTo(containerdCfg);
        assertThat(g.containerdRuntimeV1()).isEqualTo(runtimeV1);
        assertThat(g.cgroupDriver()).isEqualTo(cgroup);
        assertThat(g.systemdCgroup()).as("SystemdCgroup agrees with cgroupDriver").isEqualTo(cgroup.equals("systemd"));
        assertThat(g.cniVersion()).isEqualTo(cni);
        assertThat(g.etcdUnsupportedArchArm64()).isEqualTo(etcdArch);
        assertThat(g.kubeletRefusesCgroupV1()).isEqualTo(minor.equals("1.35") || minor.equals("1.36"));
    }
}
