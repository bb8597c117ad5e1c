package dev.kthw.pki;

import java.util.Objects;

/**
 * A cluster host: its Kubernetes node name (lowercase RFC 1123 subdomain, also used as DNS SAN and in file
 * names) and its IPv4 address.
 */
public record Node(String name, String address) {
    public Node {
        Objects.requireNonNull(name, "node name");
        Objects.requireNonNull(address, "node address");
        if (!Names.isDnsName(name)) {
            throw new IllegalArgumentException("node name '" + name + "' is not a lowercase RFC 1123 host name");
        }
        if (!Names.isIpv4(address)) {
            throw new IllegalArgumentException("address '" + address + "' of node " + name + " is not an IPv4 address");
        }
    }
}
