package dev.kthw.cli.ssh;

import java.net.InetAddress;

/**
 * Called before every connection to a non-loopback address. Throw {@link SshException} (via
 * {@link #refuse}) to stop the connection before a single packet is sent.
 */
@FunctionalInterface
public interface RouteGuard {

    /** For real use: every address is allowed. */
    RouteGuard ALLOW_ALL = (target, resolved) -> { };

    /** @param resolved the address the transport is about to connect to (already resolved) */
    void check(SshTarget target, InetAddress resolved);

    static SshException refuse(SshTarget target, String why) {
        return SshException.of(SshException.Kind.ROUTE_REFUSED, target, "connection refused by route guard: " + why);
    }
}
