package dev.kthw.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM encoding and decoding via BouncyCastle, with JDK providers for the key/cert objects. */
final class Pem {
    private Pem() {
    }

    static byte[] encodeCert(X509Certificate cert) {
        return write(cert);
    }

    /** Unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}). */
    static byte[] encodeKey(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new PkiException("cannot encode private key: " + e.getMessage(), e);
        }
    }

    private static byte[] write(Object o) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new PkiException("cannot encode PEM: " + e.getMessage(), e);
        }
        return sw.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static X509Certificate parseCert(byte[] pem, String file) {
        Object o = readSingle(pem, file);
        if (!(o instanceof X509CertificateHolder holder)) {
            throw new PkiException(file + " does not contain a PEM certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new PkiException(file + " contains an unreadable certificate: " + e.getMessage(), e);
        }
    }

    static PrivateKey parseKey(byte[] pem, String file) {
        Object o = readSingle(pem, file);
        PrivateKeyInfo info;
        if (o instanceof PrivateKeyInfo pki) {
            info = pki;
        } else if (o instanceof PEMKeyPair kp) {
            info = kp.getPrivateKeyInfo(); // tolerate traditional RSA/EC PEM when reading
        } else {
            throw new PkiException(file + " does not contain an unencrypted PEM private key");
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            throw new PkiException(file + " contains an unreadable private key: " + e.getMessage(), e);
        }
    }

    private static Object readSingle(byte[] pem, String file) {
        try (PEMParser p = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            Object o = p.readObject();
            if (o == null) {
                throw new PkiException(file + " contains no PEM data");
            }
            return o;
        } catch (IOException | RuntimeException e) {
            if (e instanceof PkiException pe) {
                throw pe;
            }
            throw new PkiException(file + " is not valid PEM: " + e.getMessage(), e);
        }
    }
}
