package dev.kthw.cli.ssh;

/** Something {@link HostSession#install} puts on a host: a {@link RemoteFile} or a {@link RemoteDir}. */
public sealed interface RemoteItem permits RemoteFile, RemoteDir {

    /** Absolute path on the host. */
    String remotePath();

    /** Permission bits, e.g. {@code 0640}. */
    int mode();

    String owner();

    String group();

    static void checkPath(String p) {
        if (p == null || !p.startsWith("/") || p.contains("\n") || p.contains("\0") || p.endsWith("/")) {
            throw new IllegalArgumentException("remote path must be absolute, without newline or trailing /: " + p);
        }
    }
}
