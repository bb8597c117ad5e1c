package dev.kthw.cli.ssh;

/**
 * What {@link HostSession#install} did to one path. CHANGED with {@code bytesSent == 0} means only mode or owner
 * were fixed.
 */
public record InstallResult(String hostName, String remotePath, Change change, long bytesSent) {

    public enum Change { CREATED, CHANGED, UNCHANGED }
}
