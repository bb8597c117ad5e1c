package dev.kthw.cli.render;

/** A directory that must exist on the node with a given mode (e.g. {@code /var/lib/etcd} 0700). */
public record NodeDirectory(String path, int mode, String owner, String group) {
    public NodeDirectory {
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("not an absolute directory path: " + path);
        }
    }

    public String modeString() {
        return String.format("%04o", mode);
    }
}
