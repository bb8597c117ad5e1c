package dev.kthw.cli.inventory;

/**
 * One thing wrong (or worth a warning) in an inventory. {@code field} is the YAML path
 * ({@code hosts[2].address}); {@code host} the host's name when the problem belongs to one.
 */
public record Problem(Severity severity, String file, String field, String host, String message) {
    public enum Severity { ERROR, WARNING }

    public static Problem error(String file, String field, String host, String message) {
        return new Problem(Severity.ERROR, file, field, host, message);
    }

    public static Problem warning(String file, String field, String host, String message) {
        return new Problem(Severity.WARNING, file, field, host, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** One line: {@code error: inventory.yaml: hosts[2].address (host k8s-worker-1): '1.2.3' is not an IPv4 address}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(severity == Severity.ERROR ? "error: " : "warning: ");
        if (file != null) {
            sb.append(file).append(": ");
        }
        if (field != null && !field.isEmpty()) {
            sb.append(field);
            if (host != null) {
                sb.append(" (host ").append(host).append(')');
            }
            sb.append(": ");
        } else if (host != null) {
            sb.append("host ").append(host).append(": ");
        }
        sb.append(message.replace('\n', ' '));
        return sb.toString();
    }
}
