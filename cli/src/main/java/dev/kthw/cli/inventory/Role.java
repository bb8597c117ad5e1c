package dev.kthw.cli.inventory;

/** What a host runs. {@code both} = control plane and kubelet on the same Pi. */
public enum Role {
    MASTER, WORKER, BOTH;

    public boolean isMaster() {
        return this != WORKER;
    }

    public boolean isWorker() {
        return this != MASTER;
    }

    public static Role parse(String s) {
        return switch (s) {
            case "master" -> MASTER;
            case "worker" -> WORKER;
            case "both" -> BOTH;
            default -> throw new IllegalArgumentException("'" + s + "' is not a role (expected master, worker or both)");
        };
    }

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
