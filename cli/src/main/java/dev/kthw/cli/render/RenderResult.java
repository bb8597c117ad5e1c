package dev.kthw.cli.render;

import java.util.List;
import java.util.Map;

/**
 * The output of {@link Renderer#render}: per host (in inventory order) the files and directories for that node, and
 * the cluster-wide add-on manifests (applied once with kubectl; paths are relative, e.g. {@code coredns.yaml}).
 */
public record RenderResult(VersionProfile profile, Gates gates, Map<String, HostRender> hosts, List<ClusterFile> cluster) {

    /** An add-on manifest, applied with kubectl rather than copied to a node. */
    public record ClusterFile(String name, byte[] content) {
        public ClusterFile {
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        public String text() {
            return new String(content, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public HostRender host(String name) {
        HostRender h = hosts.get(name);
        if (h == null) {
            throw new IllegalArgumentException("no such host: " + name);
        }
        return h;
    }
}
