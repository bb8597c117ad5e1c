package dev.kthw.pki;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One row of the certificate table: what a certificate must contain and who receives it.
 *
 * @param id                file stem: {@code pki/<id>.crt}, {@code pki/<id>.key}
 * @param commonName        subject CN (the Kubernetes user name for client certs)
 * @param organizations     subject O values, in order (Kubernetes groups for client certs)
 * @param keyUsages         X.509 key usage bits (critical extension)
 * @param extendedKeyUsages extended key usages (omitted when empty)
 * @param dnsSans           DNS subject alternative names, in order, no duplicates
 * @param ipSans            IPv4 subject alternative names, in order, no duplicates
 * @param recipients        node names this certificate (and its key, except for the CA) is copied to
 * @param ca                true only for the cluster CA
 */
public record CertSpec(
        String id,
        String commonName,
        List<String> organizations,
        Set<Usage> keyUsages,
        Set<ExtUsage> extendedKeyUsages,
        List<String> dnsSans,
        List<String> ipSans,
        List<String> recipients,
        boolean ca) {

    /** X.509 key usage bits used by this toolkit. */
    public enum Usage {
        DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, KEY_CERT_SIGN, CRL_SIGN
    }

    /** Extended key usages used by this toolkit. */
    public enum ExtUsage {
        SERVER_AUTH, CLIENT_AUTH
    }

    public CertSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(commonName, "commonName");
        organizations = List.copyOf(organizations);
        keyUsages = Collections.unmodifiableSet(
                keyUsages.isEmpty() ? EnumSet.noneOf(Usage.class) : EnumSet.copyOf(keyUsages));
        extendedKeyUsages = Collections.unmodifiableSet(
                extendedKeyUsages.isEmpty() ? EnumSet.noneOf(ExtUsage.class) : EnumSet.copyOf(extendedKeyUsages));
        dnsSans = List.copyOf(dnsSans);
        ipSans = List.copyOf(ipSans);
        recipients = List.copyOf(recipients);
        if (!id.matches("[a-z0-9][-a-z0-9.]*")) {
            throw new IllegalArgumentException("certificate id '" + id + "' is not a safe file stem");
        }
    }
}
