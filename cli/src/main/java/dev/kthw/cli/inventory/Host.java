package dev.kthw.cli.inventory;

/**
 * One machine of the cluster. {@code podCidr} is the explicit podCIDR from the inventory (workers only) or null;
 * the effective one is in {@link ClusterPlan#podCidr(Host)}. {@code hostKey} is a pinned
 * {@code SHA256:...} fingerprint or null.
 */
public record Host(String name, Ipv4 address, Role role, Arch arch, Cidr podCidr, String hostKey, SshSettings ssh) {
    public boolean isMaster() {
        return role.isMaster();
    }

    public boolean isWorker() {
        return role.isWorker();
    }
}
