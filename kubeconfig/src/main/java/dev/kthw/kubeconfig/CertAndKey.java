package dev.kthw.kubeconfig;

/**
 * A client certificate and its private key, PEM. What the PKI store hands back for a certificate id.
 * {@link #toString()} does not print the key.
 */
public record CertAndKey(String certPem, String keyPem) {

    @Override
    public String toString() {
        return "CertAndKey[certPem=" + (certPem == null ? "null" : certPem.length() + " chars") + ", keyPem=<redacted>]";
    }
}
