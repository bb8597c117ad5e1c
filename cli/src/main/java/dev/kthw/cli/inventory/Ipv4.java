package dev.kthw.cli.inventory;

import java.util.regex.Pattern;

/** An IPv4 address as an unsigned 32-bit value. kthw's inventories are IPv4-only (like the seed cluster). */
public record Ipv4(long value) implements Comparable<Ipv4> {
    private static final Pattern DOTTED = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    public Ipv4 {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("IPv4 value out of range: " + value);
        }
    }

    /** Parses dotted-quad notation; returns null when {@code text} is not exactly an IPv4 address. */
    public static Ipv4 parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        var m = DOTTED.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long v = 0;
        for (int i = 1; i <= 4; i++) {
            String part = m.group(i);
            if (part.length() > 1 && part.startsWith("0")) {
                return null; // leading zeros are ambiguous (octal in some tools)
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return null;
            }
            v = (v << 8) | octet;
        }
        return new Ipv4(v);
    }

    public static Ipv4 parse(String text) {
        Ipv4 ip = parseOrNull(text);
        if (ip == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
        }
        return ip;
    }

    public Ipv4 plus(long n) {
        return new Ipv4(value + n);
    }

    @Override
    public int compareTo(Ipv4 o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        return ((value >> 24) & 0xFF) + "." + ((value >> 16) & 0xFF) + "." + ((value >> 8) & 0xFF) + "." + (value & 0xFF);
    }
}
