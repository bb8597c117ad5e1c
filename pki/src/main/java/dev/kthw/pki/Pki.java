package dev.kthw.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.bouncycastle.asn1.x500.X500Name;

import dev.kthw.pki.PkiReport.Entry;
import dev.kthw.pki.PkiReport.Status;

/**
 * The cluster PKI kept in a {@link StateDir}: {@code pki/<id>.crt} (PEM, 0644) and {@code pki/<id>.key}
 * (PKCS#8 PEM, 0600).
 *
 * <p>{@link #ensure} is idempotent. The CA is created once and never overwritten or regenerated. A leaf is reused
 * byte-for-byte while it matches its {@link CertSpec}, is signed by the CA, and is not within {@link #RENEW_BEFORE}
 * of expiry; otherwise it is re-issued from the same CA with a new key.
 */
public final class Pki {
    public static final String DIR = "pki";
    /** Leaves expiring within this period are re-issued. */
    public static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private final StateDir state;
    private final Clock clock;

    public Pki(StateDir state) {
        this(state, Clock.systemUTC());
    }

    public Pki(StateDir state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    public static String certPath(String id) {
        return DIR + "/" + id + ".crt";
    }

    public static String keyPath(String id) {
        return DIR + "/" + id + ".key";
    }

    /** Creates or re-issues whatever is missing or stale; see the class comment. */
    public PkiReport ensure(PkiInputs inputs) {
        Instant now = clock.instant();
        List<CertSpec> specs = CertTable.specs(inputs);
        List<Entry> entries = new ArrayList<>();

        CertSpec caSpec = specs.get(0);
        X509Certificate caCert;
        PrivateKey caKey;
        boolean hasCrt = state.exists(certPath(caSpec.id()));
        boolean hasKey = state.exists(keyPath(caSpec.id()));
        if (!hasCrt && !hasKey) {
            KeyPair kp = inputs.keyAlgorithm().generate(Issuer.random());
            caKey = kp.getPrivate();
            caCert = Issuer.selfSignedCa(caSpec, kp.getPublic(), caKey, now, inputs.caValidity());
            state.writeOnce(keyPath(caSpec.id()), Pem.encodeKey(caKey), true);
            state.writeOnce(certPath(caSpec.id()), Pem.encodeCert(caCert), false);
            entries.add(new Entry(caSpec.id(), Status.CREATED, "missing"));
        } else {
            caCert = loadCa(now);
            caKey = parseKey(caSpec.id());
            entries.add(new Entry(caSpec.id(), Status.UNCHANGED, "up to date"));
        }

        // decide first, then generate the new key pairs in parallel (RSA key generation is nearly all the cost),
        // then sign and write in table order
        List<CertSpec> toIssue = new ArrayList<>();
        java.util.Map<String, Entry> decided = new java.util.LinkedHashMap<>();
        for (CertSpec spec : specs.subList(1, specs.size())) {
            boolean crtExists = state.exists(certPath(spec.id()));
            boolean keyExists = state.exists(keyPath(spec.id()));
            String reason = (crtExists || keyExists) ? whyReissue(spec, inputs, caCert, now) : null;
            if ((crtExists || keyExists) && reason == null) {
                decided.put(spec.id(), new Entry(spec.id(), Status.UNCHANGED, "up to date"));
            } else {
                toIssue.add(spec);
                decided.put(spec.id(), reason == null ? new Entry(spec.id(), Status.CREATED, "missing")
                        : new Entry(spec.id(), Status.REISSUED, reason));
            }
        }
        List<KeyPair> keyPairs = toIssue.parallelStream().map(spec -> inputs.keyAlgorithm().generate(Issuer.random())).toList();
        for (int i = 0; i < toIssue.size(); i++) {
            CertSpec spec = toIssue.get(i);
            KeyPair kp = keyPairs.get(i);
            X509Certificate cert = Issuer.issue(spec, kp.getPublic(), caCert, caKey, now, inputs.leafValidity());
            // key first: a crash in between leaves a mismatched pair, which the next run re-issues
            state.writeAtomically(keyPath(spec.id()), Pem.encodeKey(kp.getPrivate()), true);
            state.writeAtomically(certPath(spec.id()), Pem.encodeCert(cert), false);
        }
        entries.addAll(decided.values());
        return new PkiReport(entries);
    }

    /** Loads and checks the existing CA pair; throws without writing anything if it is incomplete or broken. */
    private X509Certificate loadCa(Instant now) {
        String id = CertTable.CA_ID;
        Path crt = state.resolve(certPath(id));
        Path key = state.resolve(keyPath(id));
        if (!state.exists(certPath(id))) {
            throw new PkiException("CA key " + key + " exists but " + crt
                    + " is missing; refusing to create a new CA over it (restore the certificate or remove both)");
        }
        if (!state.exists(keyPath(id))) {
            throw new PkiException("CA certificate " + crt + " exists but " + key
                    + " is missing; refusing to create a new CA over it (restore the key or remove both)");
        }
        X509Certificate cert = parseCert(id);
        PrivateKey pk = parseKey(id);
        if (cert.getBasicConstraints() < 0) {
            throw new PkiException("CA certificate " + crt + " is not a CA certificate (basicConstraints CA:false)");
        }
        if (!Issuer.keyMatches(pk, cert)) {
            throw new PkiException("CA key " + key + " does not match " + crt + "; refusing to continue");
        }
        if (!cert.getNotAfter().toInstant().isAfter(now)) {
            throw new PkiException("CA certificate " + crt + " expired on " + cert.getNotAfter().toInstant()
                    + "; kthw never replaces a CA automatically");
        }
        return cert;
    }

    /** Null if the existing leaf can be kept, else a one-line reason to re-issue it. */
    private String whyReissue(CertSpec spec, PkiInputs inputs, X509Certificate caCert, Instant now) {
        if (!state.exists(certPath(spec.id()))) {
            return "certificate file missing";
        }
        if (!state.exists(keyPath(spec.id()))) {
            return "key file missing";
        }
        X509Certificate cert;
        PrivateKey key;
        try {
            cert = parseCert(spec.id());
            key = parseKey(spec.id());
        } catch (PkiException e) {
            return "unreadable: " + e.getMessage();
        }
        if (!Issuer.keyMatches(key, cert)) {
            return "key does not match certificate";
        }
        if (!cert.getIssuerX500Principal().equals(caCert.getSubjectX500Principal())) {
            return "not issued by this CA";
        }
        try {
            cert.verify(caCert.getPublicKey());
        } catch (GeneralSecurityException e) {
            return "not signed by this CA";
        }
        if (cert.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
            return "expires " + cert.getNotAfter().toInstant() + " (within " + RENEW_BEFORE.toDays() + " days)";
        }
        if (cert.getNotBefore().toInstant().isAfter(now.plus(Issuer.BACKDATE))) {
            return "not valid before " + cert.getNotBefore().toInstant();
        }
        if (KeyAlgorithm.of(cert.getPublicKey()) != inputs.keyAlgorithm()) {
            return "key algorithm changed to " + inputs.keyAlgorithm();
        }
        X500Name want = Issuer.subjectOf(spec);
        X500Name have = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        if (!want.equals(have)) {
            return "subject changed from " + have + " to " + want;
        }
        CertInfo info = CertInfo.of(spec.id(), cert, now);
        Set<String> wantSans = new HashSet<>();
        spec.dnsSans().forEach(d -> wantSans.add("DNS:" + d));
        spec.ipSans().forEach(i -> wantSans.add("IP:" + i));
        Set<String> haveSans = new HashSet<>(info.sans());
        if (!wantSans.equals(haveSans)) {
            Set<String> added = new TreeSet<>(wantSans);
            added.removeAll(haveSans);
            Set<String> removed = new TreeSet<>(haveSans);
            removed.removeAll(wantSans);
            return "SANs changed:" + (added.isEmpty() ? "" : " added " + String.join(",", added))
                    + (removed.isEmpty() ? "" : " removed " + String.join(",", removed));
        }
        if (!info.keyUsages().equals(spec.keyUsages()) || !info.extendedKeyUsages().equals(spec.extendedKeyUsages())
                || info.ca() != spec.ca()) {
            return "key usages changed";
        }
        return null;
    }

    /** Certificate and PKCS#8 key PEM for an id, e.g. {@code admin}; throws if either file is missing. */
    public PemPair load(String id) {
        return new PemPair(id, readText(certPath(id)), readText(keyPath(id)));
    }

    /** The CA certificate PEM. */
    public String caCertPem() {
        return readText(certPath(CertTable.CA_ID));
    }

    /** Every {@code pki/*.crt} in the state directory, sorted by id. */
    public List<CertInfo> list() {
        return list(state.root(), clock);
    }

    /**
     * The certificates of a state directory, read without opening (locking, creating or tightening) it: listing
     * never writes. A file that is not a certificate gives a {@link PkiException} naming it.
     */
    public static List<CertInfo> list(Path stateRoot, Clock clock) {
        Path dir = stateRoot.resolve(DIR);
        if (!Files.exists(dir)) {
            return List.of();
        }
        if (!Files.isDirectory(dir)) {
            throw new PkiException(dir + " is not a directory");
        }
        List<Path> crts;
        try (Stream<Path> files = Files.list(dir)) {
            crts = files.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".crt") && !n.startsWith(".");
            }).sorted().toList();
        } catch (IOException e) {
            throw new PkiException("cannot list " + dir + ": " + StateDir.reason(e), e);
        }
        Instant now = clock.instant();
        List<CertInfo> out = new ArrayList<>();
        for (Path crt : crts) {
            String n = crt.getFileName().toString();
            byte[] pem;
            try {
                pem = Files.readAllBytes(crt);
            } catch (IOException e) {
                throw new PkiException("cannot read " + crt + ": " + StateDir.reason(e), e);
            }
            out.add(CertInfo.of(n.substring(0, n.length() - 4), Pem.parseCert(pem, crt.toString()), now));
        }
        return out;
    }

    private String readText(String rel) {
        return new String(state.read(rel).orElseThrow(() -> new PkiException(state.resolve(rel) + " not found")),
                StandardCharsets.US_ASCII);
    }

    private X509Certificate parseCert(String id) {
        String rel = certPath(id);
        return Pem.parseCert(state.read(rel).orElseThrow(() -> new PkiException(state.resolve(rel) + " not found")),
                state.resolve(rel).toString());
    }

    private PrivateKey parseKey(String id) {
        String rel = keyPath(id);
        return Pem.parseKey(state.read(rel).orElseThrow(() -> new PkiException(state.resolve(rel) + " not found")),
                state.resolve(rel).toString());
    }
}
