package dev.kthw.cli.ssh;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything the transport needs to reach one host. Deliberately independent of the inventory model.
 *
 * @param hostName          inventory name, used in every message ("lab3")
 * @param address           IP address or DNS name to connect to
 * @param port              SSH port (22 normally)
 * @param user              login user
 * @param keyPath           private key file; {@code null} means ssh-agent ({@link SshOptions#agentSocket()}, see docs/ssh.md)
 * @param knownHosts        OpenSSH known_hosts file used for verification and trust-on-first-use
 * @param pinnedFingerprint optional {@code SHA256:<base64 without padding>} the host key must match
 */
public record SshTarget(String hostName, String address, int port, String user, Path keyPath, Path knownHosts,
                        String pinnedFingerprint) {

    public SshTarget {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(knownHosts, "knownHosts");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("host " + hostName + ": invalid port " + port);
        }
        if (pinnedFingerprint != null && pinnedFingerprint.isBlank()) {
            pinnedFingerprint = null;
        }
    }

    public SshTarget withPinnedFingerprint(String fingerprint) {
        return new SshTarget(hostName, address, port, user, keyPath, knownHosts, fingerprint);
    }

    public SshTarget withUser(String newUser) {
        return new SshTarget(hostName, address, port, newUser, keyPath, knownHosts, pinnedFingerprint);
    }

    /** "host lab3 (10.251.0.13)" or "host h1 (127.0.0.1:2222)" — the prefix of every error message. */
    public String label() {
        return "host " + hostName + " (" + address + (port == 22 ? "" : ":" + port) + ")";
    }
}
