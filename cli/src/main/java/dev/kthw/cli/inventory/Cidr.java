package dev.kthw.cli.inventory;

/** An IPv4 network in CIDR notation, normalised: the address must be the network address. */
public record Cidr(Ipv4 network, int prefix) {

    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix out of range: " + prefix);
        }
        if ((network.value() & ~mask(prefix) & 0xFFFF_FFFFL) != 0) {
            throw new IllegalArgumentException(network + "/" + prefix + " has host bits set");
        }
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
    }

    /**
     * Parses {@code a.b.c.d/n}. Throws {@link IllegalArgumentException} with a message fit for a user
     * (it does not repeat the input's field name; the caller adds that).
     */
    public static Cidr parse(String text) {
        if (text == null || !text.contains("/")) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR (expected a.b.c.d/n)");
        }
        String[] parts = text.trim().split("/", -1);
        Ipv4 ip = Ipv4.parseOrNull(parts[0]);
        if (ip == null || parts.length != 2 || !parts[1].matches("\\d{1,2}")) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR (expected a.b.c.d/n)");
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix > 32) {
            throw new IllegalArgumentException("'" + text + "' has a prefix length over 32");
        }
        if ((ip.value() & ~mask(prefix) & 0xFFFF_FFFFL) != 0) {
            Ipv4 net = new Ipv4(ip.value() & mask(prefix));
            throw new IllegalArgumentException("'" + text + "' has host bits set (did you mean " + net + "/" + prefix + "?)");
        }
        return new Cidr(ip, prefix);
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    public Ipv4 last() {
        return network.plus(size() - 1);
    }

    public boolean contains(Ipv4 ip) {
        return ip.value() >= network.value() && ip.value() <= last().value();
    }

    public boolean contains(Cidr other) {
        return contains(other.network) && contains(other.last());
    }

    public boolean overlaps(Cidr other) {
        return contains(other.network) || other.contains(network);
    }

    /** The first usable host address (network + 1), e.g. the kubernetes service IP of the service CIDR. */
    public Ipv4 firstHost() {
        return network.plus(1);
    }

    /** Number of subnets of the given (longer) prefix that fit. */
    public long subnetCount(int subPrefix) {
        if (subPrefix < prefix) {
            return 0;
        }
        return 1L << (subPrefix - prefix);
    }

    /** The {@code index}-th subnet with the given prefix, counting from the network address. */
    public Cidr subnet(int subPrefix, long index) {
        if (index < 0 || index >= subnetCount(subPrefix)) {
            throw new IllegalArgumentException("subnet index " + index + " out of range for " + this);
        }
        return new Cidr(network.plus(index << (32 - subPrefix)), subPrefix);
    }

    @Override
    public String toString() {
        return network + "/" + prefix;
    }
}
