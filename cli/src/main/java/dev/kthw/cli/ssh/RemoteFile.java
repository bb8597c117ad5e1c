package dev.kthw.cli.ssh;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file to install: the content is either in memory ({@code bytes}) or a local file ({@code localPath}), exactly
 * one of the two.
 */
public record RemoteFile(byte[] bytes, Path localPath, String remotePath, int mode, String owner, String group)
        implements RemoteItem {

    public RemoteFile {
        if ((bytes == null) == (localPath == null)) {
            throw new IllegalArgumentException("exactly one of bytes and localPath must be set for " + remotePath);
        }
        RemoteItem.checkPath(remotePath);
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode out of range: " + Integer.toOctalString(mode));
        }
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(group, "group");
    }

    public static RemoteFile ofBytes(byte[] content, String remotePath, int mode, String owner, String group) {
        return new RemoteFile(content, null, remotePath, mode, owner, group);
    }

    public static RemoteFile ofPath(Path local, String remotePath, int mode, String owner, String group) {
        return new RemoteFile(null, local, remotePath, mode, owner, group);
    }

    @Override
    public String toString() {
        return "RemoteFile[" + (bytes != null ? bytes.length + " bytes" : localPath) + " -> " + remotePath + " "
                + Integer.toOctalString(mode) + " " + owner + ":" + group + "]";
    }
}
