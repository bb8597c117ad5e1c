package dev.kthw.cli.ssh;

import java.util.List;

/**
 * The one exception type of the SSH transport. {@link #getMessage()} is always a single line that names the host
 * and its address, except for {@link Kind#MULTIPLE_HOSTS}, which has one line per failed host.
 */
public final class SshException extends RuntimeException {

    public enum Kind {
        ROUTE_REFUSED, CONNECTION_REFUSED, UNREACHABLE, TIMEOUT, AUTH_FAILED,
        HOST_KEY_UNKNOWN, HOST_KEY_CHANGED, HOST_KEY_PIN_MISMATCH, HOST_KEY_REVOKED,
        SUDO_NEEDS_PASSWORD, COMMAND_FAILED, COMMAND_TIMEOUT, CONNECTION_LOST, TRANSFER_FAILED, CONFIG, OTHER,
        MULTIPLE_HOSTS
    }

    private final Kind kind;
    private final String hostName;
    private final String address;
    private final String presentedFingerprint;
    private final List<String> knownFingerprints;
    private final List<SshException> failures;

    private SshException(Kind kind, String hostName, String address, String message, Throwable cause,
                         String presentedFingerprint, List<String> knownFingerprints, List<SshException> failures) {
        super(message, cause);
        this.kind = kind;
        this.hostName = hostName;
        this.address = address;
        this.presentedFingerprint = presentedFingerprint;
        this.knownFingerprints = knownFingerprints == null ? List.of() : List.copyOf(knownFingerprints);
        this.failures = failures == null ? List.of() : List.copyOf(failures);
    }

    static SshException of(Kind kind, SshTarget target, String detail) {
        return of(kind, target, detail, null);
    }

    static SshException of(Kind kind, SshTarget target, String detail, Throwable cause) {
        return new SshException(kind, target.hostName(), target.address(), target.label() + ": " + oneLine(detail),
                cause, null, null, null);
    }

    static SshException hostKey(Kind kind, SshTarget target, String detail, String presented, List<String> known) {
        return new SshException(kind, target.hostName(), target.address(), target.label() + ": " + oneLine(detail),
                null, presented, known, null);
    }

    static SshException aggregate(List<SshException> failures, int total) {
        StringBuilder sb = new StringBuilder();
        sb.append(failures.size()).append(" of ").append(total).append(total == 1 ? " host" : " hosts").append(" failed:");
        for (SshException f : failures) {
            sb.append(System.lineSeparator()).append("  ").append(f.getMessage());
        }
        SshException e = new SshException(Kind.MULTIPLE_HOSTS, null, null, sb.toString(), null, null, null, failures);
        failures.forEach(e::addSuppressed);
        return e;
    }

    /** Collapses a possibly multi-line detail into its first non-blank line. */
    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        for (String line : s.split("\\R")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "";
    }

    public Kind kind() {
        return kind;
    }

    /** Inventory name of the failed host; {@code null} for {@link Kind#MULTIPLE_HOSTS}. */
    public String hostName() {
        return hostName;
    }

    public String address() {
        return address;
    }

    /** For host-key errors: the fingerprint the host presented ({@code SHA256:...}), else {@code null}. */
    public String presentedFingerprint() {
        return presentedFingerprint;
    }

    /** For {@link Kind#HOST_KEY_CHANGED}: the fingerprints known_hosts has for this host. */
    public List<String> knownFingerprints() {
        return knownFingerprints;
    }

    /** For {@link Kind#MULTIPLE_HOSTS}: one exception per failed host, in target order. */
    public List<SshException> failures() {
        return failures;
    }
}
