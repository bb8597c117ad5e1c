package dev.kthw.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Key;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/** Key type for newly generated keys. Uses the JDK's default JCA providers, never a registered BC provider. */
public enum KeyAlgorithm {
    /** RSA 2048, signed with SHA256withRSA. The default. */
    RSA_2048("RSA", "SHA256withRSA"),
    /** ECDSA on NIST P-256 (secp256r1), signed with SHA256withECDSA. */
    ECDSA_P256("EC", "SHA256withECDSA");

    public static final KeyAlgorithm DEFAULT = RSA_2048;

    private final String jcaName;
    private final String signatureAlgorithm;

    KeyAlgorithm(String jcaName, String signatureAlgorithm) {
        this.jcaName = jcaName;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** JCA signature algorithm used when a key of this type signs a certificate. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance(jcaName);
            if (this == RSA_2048) {
                gen.initialize(2048, random);
            } else {
                gen.initialize(new ECGenParameterSpec("secp256r1"), random);
            }
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot generate " + this + " key: " + e.getMessage(), e);
        }
    }

    /** The algorithm of an existing key; throws for anything this toolkit does not issue. */
    static KeyAlgorithm of(Key key) {
        return ofJcaName(key.getAlgorithm());
    }

    static KeyAlgorithm ofJcaName(String jcaAlgorithm) {
        switch (jcaAlgorithm) {
            case "RSA":
                return RSA_2048;
            case "EC":
            case "ECDSA":
                return ECDSA_P256;
            default:
                throw new PkiException("unsupported key algorithm " + jcaAlgorithm);
        }
    }
}
