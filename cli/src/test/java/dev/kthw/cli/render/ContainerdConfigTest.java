package dev.kthw.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Debian 12's containerd (1.6.x) accepts the rendered config.toml of every containerd 1.x profile:
 * {@code containerd --config F config dump} exits 0 and the merged config shows the settings kthw chose.
 * (Debian has no containerd 2.x, so the version-3 configs are checked by content in RenderedContentTest.)
 */
class ContainerdConfigTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        HostTools.require("containerd", Files.isExecutable(Path.of("/usr/bin/containerd")));
    }

    static Stream<String> containerd1Minors() {
        return VersionCatalog.builtin().minors().stream()
                .filter(m -> VersionCatalog.builtin().profile(m).containerdVersion().major() == 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containerd1Minors")
    void debianContainerdAcceptsTheConfig(String minor) throws Exception {
        RenderResult r = Fixtures.render(tmp, minor);
        Path config = tmp.resolve("config.toml");
        Files.write(config, r.host("k8s-worker-1").file("/etc/containerd/config.toml").orElseThrow().content());
        // root/state under the temp dir: config dump only parses, but keep it away from /var/lib/containerd anyway
        String text = Files.readString(config) + "";
        HostTools.Result res = HostTools.run(List.of("containerd", "--config", config.toString(),
                "--root", tmp.resolve("root").toString(), "--state", tmp.resolve("state").toString(), "config", "dump"), null, null);
        assertThat(res.exitCode()).as(res.err()).isZero();
        String dump = res.out();
        assertThat(dump).contains("version = 2");
        assertThat(dump).contains("sandbox_image = \"registry.k8s.io/pause:" + r.profile().pause() + "\"");
        assertThat(dump).contains("bin_dir = \"/opt/cni/bin\"", "conf_dir = \"/etc/cni/net.d\"", "snapshotter = \"overlayfs\"");
        if (r.gates().containerdRuntimeV1()) {
            assertThat(dump).contains("runtime_type = \"io.containerd.runtime.v1.linux\"", "runtime_engine = \"/usr/local/bin/runc\"");
            assertThat(text).doesNotContain("SystemdCgroup");
        } else {
            assertThat(dump).contains("default_runtime_name = \"runc\"", "runtime_type = \"io.containerd.runc.v2\"",
                    "SystemdCgroup = " + r.gates().systemdCgroup(), "BinaryName = \"/usr/local/bin/runc\"");
        }
        assertThat(res.err()).doesNotContainIgnoringCase("level=error");
    }
}
