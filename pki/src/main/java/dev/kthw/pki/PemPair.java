package dev.kthw.pki;

/** A certificate and its private key as PEM text (the key is PKCS#8), e.g. for embedding in a kubeconfig. */
public record PemPair(String id, String certificatePem, String privateKeyPem) {
    @Override
    public String toString() {
        return "PemPair[id=" + id + ", key=<redacted>]";
    }
}
