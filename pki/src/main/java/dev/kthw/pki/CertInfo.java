package dev.kthw.pki;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * A certificate found in the state directory, for {@code certs list}.
 *
 * @param subject  RFC 4514 style, e.g. {@code O=system:masters,CN=admin}
 * @param sans     {@code DNS:name} and {@code IP:address} entries, DNS first
 * @param serial   lowercase hex
 * @param daysLeft whole days until notAfter (negative once expired), from the injected clock
 */
public record CertInfo(
        String id,
        String subject,
        String issuer,
        List<String> sans,
        String serial,
        Instant notBefore,
        Instant notAfter,
        long daysLeft,
        boolean ca,
        Set<CertSpec.Usage> keyUsages,
        Set<CertSpec.ExtUsage> extendedKeyUsages,
        String keyAlgorithm) {

    public CertInfo {
        sans = List.copyOf(sans);
        keyUsages = Set.copyOf(keyUsages);
        extendedKeyUsages = Set.copyOf(extendedKeyUsages);
    }

    static final String SERVER_AUTH_OID = "1.3.6.1.5.5.7.3.1";
    static final String CLIENT_AUTH_OID = "1.3.6.1.5.5.7.3.2";

    static CertInfo of(String id, X509Certificate c, Instant now) {
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        try {
            Collection<List<?>> alt = c.getSubjectAlternativeNames();
            if (alt != null) {
                for (List<?> e : alt) {
                    int type = (Integer) e.get(0);
                    if (type == 2) {
                        dns.add("DNS:" + e.get(1));
                    } else if (type == 7) {
                        ips.add("IP:" + e.get(1));
                    } else {
                        dns.add("OTHER:" + e.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new PkiException("certificate " + id + " has an unreadable subjectAltName: " + e.getMessage(), e);
        }
        List<String> sans = new ArrayList<>(dns);
        sans.addAll(ips);

        EnumSet<CertSpec.Usage> ku = EnumSet.noneOf(CertSpec.Usage.class);
        boolean[] bits = c.getKeyUsage();
        if (bits != null) {
            if (bits.length > 0 && bits[0]) {
                ku.add(CertSpec.Usage.DIGITAL_SIGNATURE);
            }
            if (bits.length > 2 && bits[2]) {
                ku.add(CertSpec.Usage.KEY_ENCIPHERMENT);
            }
            if (bits.length > 5 && bits[5]) {
                ku.add(CertSpec.Usage.KEY_CERT_SIGN);
            }
            if (bits.length > 6 && bits[6]) {
                ku.add(CertSpec.Usage.CRL_SIGN);
            }
        }
        EnumSet<CertSpec.ExtUsage> eku = EnumSet.noneOf(CertSpec.ExtUsage.class);
        try {
            List<String> oids = c.getExtendedKeyUsage();
            if (oids != null) {
                if (oids.contains(SERVER_AUTH_OID)) {
                    eku.add(CertSpec.ExtUsage.SERVER_AUTH);
                }
                if (oids.contains(CLIENT_AUTH_OID)) {
                    eku.add(CertSpec.ExtUsage.CLIENT_AUTH);
                }
            }
        } catch (CertificateParsingException e) {
            throw new PkiException("certificate " + id + " has an unreadable extendedKeyUsage: " + e.getMessage(), e);
        }
        Instant notAfter = c.getNotAfter().toInstant();
        long daysLeft = Math.floorDiv(Duration.between(now, notAfter).toSeconds(), 86_400L);
        return new CertInfo(id, name(c.getSubjectX500Principal().getEncoded()),
                name(c.getIssuerX500Principal().getEncoded()), sans, c.getSerialNumber().toString(16),
                c.getNotBefore().toInstant(), notAfter, daysLeft, c.getBasicConstraints() >= 0, ku, eku,
                c.getPublicKey().getAlgorithm());
    }

    private static String name(byte[] der) {
        return BCStyle.INSTANCE.toString(X500Name.getInstance(der));
    }
}
