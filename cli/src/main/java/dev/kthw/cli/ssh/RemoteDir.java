package dev.kthw.cli.ssh;

import java.util.Objects;

/** A directory to create (like {@code install -d -m MODE -o OWNER -g GROUP}); parents are created as needed. */
public record RemoteDir(String remotePath, int mode, String owner, String group) implements RemoteItem {

    public RemoteDir {
        RemoteItem.checkPath(remotePath);
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode out of range: " + Integer.toOctalString(mode));
        }
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(group, "group");
    }
}
