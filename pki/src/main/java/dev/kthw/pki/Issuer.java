package dev.kthw.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds certificates from {@link CertSpec}s. JDK providers sign; BouncyCastle only assembles the ASN.1. */
final class Issuer {
    /** Pis have no RTC: certificates start a little in the past so a slightly-behind clock accepts them. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private static final SecureRandom RANDOM = new SecureRandom();

    private Issuer() {
    }

    static SecureRandom random() {
        return RANDOM;
    }

    static X500Name subjectOf(CertSpec spec) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        for (String o : spec.organizations()) {
            b.addRDN(BCStyle.O, o);
        }
        b.addRDN(BCStyle.CN, spec.commonName());
        return b.build();
    }

    /** Random positive serial of 128 bits of entropy. */
    static BigInteger newSerial() {
        BigInteger s;
        do {
            s = new BigInteger(128, RANDOM);
        } while (s.signum() <= 0);
        return s;
    }

    static X509Certificate selfSignedCa(CertSpec spec, PublicKey pub, PrivateKey priv, Instant now,
            Duration validity) {
        X500Name name = subjectOf(spec);
        Instant notAfter = now.plus(validity);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, newSerial(),
                Date.from(now.minus(BACKDATE)), Date.from(notAfter), name, pub);
        try {
            JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
            SubjectKeyIdentifier ski = u.createSubjectKeyIdentifier(pub);
            addCommon(b, spec, ski, new AuthorityKeyIdentifier(ski.getKeyIdentifier()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new PkiException("cannot build CA certificate: " + e.getMessage(), e);
        }
        return sign(b, priv, spec.id());
    }

    static X509Certificate issue(CertSpec spec, PublicKey pub, X509Certificate caCert, PrivateKey caKey,
            Instant now, Duration validity) {
        Instant notAfter = now.plus(validity);
        Instant caNotAfter = caCert.getNotAfter().toInstant();
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter; // a leaf never outlives its CA
        }
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, newSerial(),
                Date.from(now.minus(BACKDATE)), Date.from(notAfter), subjectOf(spec), pub);
        try {
            JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
            byte[] caSki = caCert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
            AuthorityKeyIdentifier aki = caSki != null
                    ? new AuthorityKeyIdentifier(SubjectKeyIdentifier.getInstance(
                            org.bouncycastle.asn1.ASN1OctetString.getInstance(caSki).getOctets()).getKeyIdentifier())
                    : new AuthorityKeyIdentifier(u.createSubjectKeyIdentifier(caCert.getPublicKey())
                            .getKeyIdentifier());
            addCommon(b, spec, u.createSubjectKeyIdentifier(pub), aki);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new PkiException("cannot build certificate " + spec.id() + ": " + e.getMessage(), e);
        }
        return sign(b, caKey, spec.id());
    }

    private static void addCommon(X509v3CertificateBuilder b, CertSpec spec, SubjectKeyIdentifier ski,
            AuthorityKeyIdentifier aki) throws CertIOException {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(spec.ca()));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsageBits(spec)));
        if (!spec.extendedKeyUsages().isEmpty()) {
            List<KeyPurposeId> ids = new ArrayList<>();
            for (CertSpec.ExtUsage e : spec.extendedKeyUsages()) {
                ids.add(e == CertSpec.ExtUsage.SERVER_AUTH ? KeyPurposeId.id_kp_serverAuth
                        : KeyPurposeId.id_kp_clientAuth);
            }
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ids.toArray(new KeyPurposeId[0])));
        }
        if (!spec.dnsSans().isEmpty() || !spec.ipSans().isEmpty()) {
            List<GeneralName> names = new ArrayList<>();
            spec.dnsSans().forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
            spec.ipSans().forEach(i -> names.add(new GeneralName(GeneralName.iPAddress, i)));
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(new GeneralName[0])));
        }
        b.addExtension(Extension.subjectKeyIdentifier, false, ski);
        b.addExtension(Extension.authorityKeyIdentifier, false, aki);
    }

    private static int keyUsageBits(CertSpec spec) {
        int bits = 0;
        for (CertSpec.Usage u : spec.keyUsages()) {
            bits |= switch (u) {
                case DIGITAL_SIGNATURE -> KeyUsage.digitalSignature;
                case KEY_ENCIPHERMENT -> KeyUsage.keyEncipherment;
                case KEY_CERT_SIGN -> KeyUsage.keyCertSign;
                case CRL_SIGN -> KeyUsage.cRLSign;
            };
        }
        return bits;
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer, String id) {
        try {
            String alg = KeyAlgorithm.of(signer).signatureAlgorithm();
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(alg).build(signer)));
        } catch (OperatorCreationException | CertificateException e) {
            throw new PkiException("cannot sign certificate " + id + ": " + e.getMessage(), e);
        }
    }

    /** True if the private key belongs to the certificate's public key (sign a challenge, verify it). */
    static boolean keyMatches(PrivateKey key, X509Certificate cert) {
        try {
            if (!key.getAlgorithm().equals(cert.getPublicKey().getAlgorithm())) {
                return false;
            }
            String alg = KeyAlgorithm.of(cert.getPublicKey()).signatureAlgorithm();
            byte[] challenge = new byte[32];
            RANDOM.nextBytes(challenge);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(challenge);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(cert.getPublicKey());
            v.update(challenge);
            return v.verify(sig);
        } catch (GeneralSecurityException | PkiException e) {
            return false;
        }
    }
}
