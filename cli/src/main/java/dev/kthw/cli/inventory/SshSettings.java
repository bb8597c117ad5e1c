package dev.kthw.cli.inventory;

import java.nio.file.Path;

/**
 * How to reach a host over SSH. {@code keyPath} null means "use ssh-agent". After
 * {@link InventoryLoader} resolves per-host overrides, every field but keyPath is set.
 */
public record SshSettings(String user, int port, Path keyPath, Path knownHosts) {
}
