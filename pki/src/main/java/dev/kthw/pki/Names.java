package dev.kthw.pki;

import java.util.regex.Pattern;

import org.bouncycastle.util.IPAddress;

/** Syntax checks for host names and IPv4 literals (no DNS lookups). */
final class Names {
    private static final Pattern DNS_NAME =
            Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");

    private Names() {
    }

    static boolean isDnsName(String s) {
        return s != null && s.length() <= 253 && DNS_NAME.matcher(s).matches();
    }

    static boolean isIpv4(String s) {
        return s != null && IPAddress.isValidIPv4(s);
    }
}
