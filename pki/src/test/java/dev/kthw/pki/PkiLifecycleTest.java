package dev.kthw.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kthw.pki.PkiReport.Status;

class PkiLifecycleTest {

    @TempDir
    Path tmp;

    Path state() {
        return tmp.resolve("state");
    }

    PkiReport ensure(PkiInputs in) {
        return ensure(in, Clock.systemUTC());
    }

    PkiReport ensure(PkiInputs in, Clock clock) {
        try (StateDir sd = StateDir.open(state())) {
            return new Pki(sd, clock).ensure(in);
        }
    }

    static X509Certificate cert(Path p) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(p)));
    }

    @Test
    void secondRunChangesNothing() {
        ensure(Fixtures.twoByTwo());
        Map<String, String> before = Fixtures.hashes(state());
        PkiReport second = ensure(Fixtures.twoByTwo());
        assertThat(second.changed()).isFalse();
        assertThat(second.entries()).allMatch(e -> e.status() == Status.UNCHANGED);
        assertThat(Fixtures.hashes(state())).isEqualTo(before);
        assertThat(before).containsKeys("pki/ca.crt", "pki/ca.key", "pki/kube-apiserver.crt",
                "pki/kube-apiserver.key");
    }

    @Test
    void deletingOneLeafRecreatesOnlyThatLeaf() throws IOException {
        ensure(Fixtures.twoByTwo());
        Map<String, String> before = Fixtures.hashes(state());
        Files.delete(state().resolve("pki/kube-proxy.crt"));
        Files.delete(state().resolve("pki/kube-proxy.key"));
        PkiReport r = ensure(Fixtures.twoByTwo());
        assertThat(r.get("kube-proxy").status()).isEqualTo(Status.CREATED);
        assertThat(r.entries()).filteredOn(e -> !e.id().equals("kube-proxy"))
                .allMatch(e -> e.status() == Status.UNCHANGED);
        Map<String, String> after = Fixtures.hashes(state());
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (String f : before.keySet()) {
            if (f.startsWith("pki/kube-proxy.")) {
                assertThat(after.get(f)).as(f).isNotEqualTo(before.get(f));
            } else {
                assertThat(after.get(f)).as(f).isEqualTo(before.get(f));
            }
        }
    }

    @Test
    void deletingOnlyTheKeyReissuesThatLeaf() throws IOException {
        ensure(Fixtures.twoByTwo());
        Files.delete(state().resolve("pki/admin.key"));
        PkiReport r = ensure(Fixtures.twoByTwo());
        assertThat(r.get("admin").status()).isEqualTo(Status.REISSUED);
        assertThat(r.get("admin").reason()).contains("key file missing");
        OpensslTableTest.assertKeyMatches(state().resolve("pki"), "admin");
    }

    @Test
    void addingAMasterReissuesApiserverAndAddsEtcdButKeepsCa() {
        ensure(Fixtures.twoByTwo());
        Map<String, String> before = Fixtures.hashes(state());
        PkiInputs three = PkiInputs.of("kthw",
                List.of(Fixtures.M1, Fixtures.M2, new Node("k8s-master-3", "172.30.1.44")),
                List.of(Fixtures.W1, Fixtures.W2), "172.30.1.40", "10.32.0.1", "cluster.local");
        PkiReport r = ensure(three);

        assertThat(r.get("kube-apiserver").status()).isEqualTo(Status.REISSUED);
        assertThat(r.get("kube-apiserver").reason()).contains("SANs changed", "added",
                "DNS:k8s-master-3", "IP:172.30.1.44");
        assertThat(r.get("etcd-k8s-master-3").status()).isEqualTo(Status.CREATED);
        assertThat(r.get("ca").status()).isEqualTo(Status.UNCHANGED);
        Map<String, String> after = Fixtures.hashes(state());
        assertThat(after.get("pki/ca.crt")).isEqualTo(before.get("pki/ca.crt"));
        assertThat(after.get("pki/ca.key")).isEqualTo(before.get("pki/ca.key"));
        assertThat(after.get("pki/kube-apiserver.crt")).isNotEqualTo(before.get("pki/kube-apiserver.crt"));
        assertThat(after.get("pki/kube-apiserver.key")).isNotEqualTo(before.get("pki/kube-apiserver.key"));
        assertThat(after.get("pki/admin.crt")).isEqualTo(before.get("pki/admin.crt"));
        Path pki = state().resolve("pki");
        assertThat(Openssl.ok(pki, "verify", "-CAfile", "ca.crt", "kube-apiserver.crt", "etcd-k8s-master-3.crt"))
                .isEqualTo("kube-apiserver.crt: OK\netcd-k8s-master-3.crt: OK\n");
        assertThat(Openssl.ok(pki, "x509", "-in", "kube-apiserver.crt", "-noout", "-ext", "subjectAltName"))
                .contains("DNS:k8s-master-3", "IP Address:172.30.1.44");
        // and it converges
        assertThat(ensure(three).changed()).isFalse();
    }

    @Test
    void leafExpiringWithin30DaysIsReissuedCaIsNot() {
        ensure(Fixtures.twoByTwo());
        Map<String, String> before = Fixtures.hashes(state());
        PkiReport r = ensure(Fixtures.twoByTwo(), Clock.offset(Clock.systemUTC(), Duration.ofDays(340)));
        assertThat(r.get("ca").status()).isEqualTo(Status.UNCHANGED);
        assertThat(r.get("admin").status()).isEqualTo(Status.REISSUED);
        assertThat(r.get("admin").reason()).contains("within 30 days");
        assertThat(Fixtures.hashes(state()).get("pki/ca.key")).isEqualTo(before.get("pki/ca.key"));
    }

    @Test
    void changingKeyAlgorithmReissuesLeavesButKeepsCa() throws Exception {
        ensure(Fixtures.twoByTwo());
        String caBefore = Fixtures.hashes(state()).get("pki/ca.crt");
        PkiReport r = ensure(Fixtures.twoByTwo().withKeyAlgorithm(KeyAlgorithm.ECDSA_P256));
        assertThat(r.get("ca").status()).isEqualTo(Status.UNCHANGED);
        assertThat(r.get("admin").status()).isEqualTo(Status.REISSUED);
        assertThat(r.get("admin").reason()).contains("key algorithm");
        assertThat(Fixtures.hashes(state()).get("pki/ca.crt")).isEqualTo(caBefore);
        assertThat(cert(state().resolve("pki/admin.crt")).getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(Openssl.ok(state().resolve("pki"), "verify", "-CAfile", "ca.crt", "admin.crt"))
                .isEqualTo("admin.crt: OK\n");
    }

    @Test
    void leafFromAnotherCaIsReissued() throws IOException {
        ensure(Fixtures.twoByTwo());
        Path other = tmp.resolve("other");
        try (StateDir sd = StateDir.open(other)) {
            new Pki(sd).ensure(Fixtures.twoByTwo());
        }
        Files.copy(other.resolve("pki/admin.crt"), state().resolve("pki/admin.crt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(other.resolve("pki/admin.key"), state().resolve("pki/admin.key"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        PkiReport r = ensure(Fixtures.twoByTwo());
        assertThat(r.get("admin").status()).isEqualTo(Status.REISSUED);
        assertThat(r.get("admin").reason()).contains("CA");
        assertThat(Openssl.ok(state().resolve("pki"), "verify", "-CAfile", "ca.crt", "admin.crt"))
                .isEqualTo("admin.crt: OK\n");
    }

    // ---- the CA is never overwritten ----

    @Test
    void missingCaKeyFailsAndWritesNothing() throws IOException {
        ensure(Fixtures.twoByTwo());
        Files.delete(state().resolve("pki/ca.key"));
        Files.delete(state().resolve("pki/admin.crt")); // would be re-created if anything were written
        Map<String, String> before = Fixtures.hashes(state());
        assertThatThrownBy(() -> ensure(Fixtures.twoByTwo()))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("pki/ca.crt exists but")
                .hasMessageContaining("pki/ca.key is missing")
                .hasMessageNotContaining("\n");
        assertThat(Fixtures.hashes(state())).isEqualTo(before);
    }

    @Test
    void missingCaCertFailsAndWritesNothing() throws IOException {
        ensure(Fixtures.twoByTwo());
        Files.delete(state().resolve("pki/ca.crt"));
        Map<String, String> before = Fixtures.hashes(state());
        assertThatThrownBy(() -> ensure(Fixtures.twoByTwo()))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("pki/ca.crt is missing");
        assertThat(Fixtures.hashes(state())).isEqualTo(before);
    }

    @Test
    void corruptCaKeyFailsAndWritesNothing() throws IOException {
        ensure(Fixtures.twoByTwo());
        Files.writeString(state().resolve("pki/ca.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Files.delete(state().resolve("pki/admin.crt"));
        Map<String, String> before = Fixtures.hashes(state());
        assertThatThrownBy(() -> ensure(Fixtures.twoByTwo()))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("pki/ca.key")
                .hasMessageNotContaining("\n");
        assertThat(Fixtures.hashes(state())).isEqualTo(before);
    }

    @Test
    void foreignCaKeyFailsAndWritesNothing() throws IOException {
        ensure(Fixtures.twoByTwo());
        Path other = tmp.resolve("other");
        try (StateDir sd = StateDir.open(other)) {
            new Pki(sd).ensure(Fixtures.twoByTwo());
        }
        Files.copy(other.resolve("pki/ca.key"), state().resolve("pki/ca.key"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> before = Fixtures.hashes(state());
        assertThatThrownBy(() -> ensure(Fixtures.twoByTwo()))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("pki/ca.key does not match")
                .hasMessageContaining("pki/ca.crt");
        assertThat(Fixtures.hashes(state())).isEqualTo(before);
    }

    // ---- modes, validity, serials ----

    @Test
    void fileModes() throws IOException {
        ensure(Fixtures.twoByTwo());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state().resolve("pki"))))
                .isEqualTo("rwx------");
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(state().resolve("pki"))) {
            s.forEach(files::add);
        }
        assertThat(files).hasSize(2 * 13);
        for (Path f : files) {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
            if (f.toString().endsWith(".key")) {
                assertThat(mode).as(f.toString()).isEqualTo("rw-------");
            } else {
                assertThat(f.toString()).endsWith(".crt");
                assertThat(mode).as(f.toString()).isEqualTo("rw-r--r--");
            }
        }
    }

    @Test
    void notBeforeIsBackdatedSerialPositiveValidityConfigurable() throws Exception {
        Instant start = Instant.now();
        ensure(Fixtures.twoByTwo().withLeafValidity(Duration.ofDays(10)).withCaValidity(Duration.ofDays(100)));
        Instant end = Instant.now();
        X509Certificate ca = cert(state().resolve("pki/ca.crt"));
        X509Certificate leaf = cert(state().resolve("pki/kube-apiserver.crt"));
        for (X509Certificate c : List.of(ca, leaf)) {
            Instant nb = c.getNotBefore().toInstant();
            assertThat(nb).isBetween(start.minusSeconds(301), end.minusSeconds(299));
            assertThat(c.getSerialNumber()).isPositive();
            assertThat(c.getSerialNumber().bitLength()).isBetween(64, 128);
        }
        assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(100).plusMinutes(5));
        assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(10).plusMinutes(5));
        assertThat(ca.getSerialNumber()).isNotEqualTo(leaf.getSerialNumber());
    }

    @Test
    void defaultsAre365And3650Days() throws Exception {
        ensure(Fixtures.twoByTwo());
        X509Certificate ca = cert(state().resolve("pki/ca.crt"));
        X509Certificate leaf = cert(state().resolve("pki/admin.crt"));
        assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(3650).plusMinutes(5));
        assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(365).plusMinutes(5));
    }

    // ---- read side ----

    @Test
    void loadAndListForKubeconfigAndCertsList() throws Exception {
        ensure(Fixtures.twoByTwo());
        Instant fixed = Instant.now().plus(Duration.ofDays(100));
        try (StateDir sd = StateDir.open(state())) {
            Pki pki = new Pki(sd, Clock.fixed(fixed, ZoneOffset.UTC));
            PemPair admin = pki.load("admin");
            assertThat(admin.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(admin.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
            assertThat(admin.toString()).doesNotContain("PRIVATE");
            assertThat(pki.caCertPem()).isEqualTo(Files.readString(state().resolve("pki/ca.crt")));
            assertThatThrownBy(() -> pki.load("nope")).isInstanceOf(PkiException.class)
                    .hasMessageContaining("pki/nope.crt not found");

            List<CertInfo> list = pki.list();
            assertThat(list).hasSize(13);
            assertThat(list).extracting(CertInfo::id).isSorted().contains("ca", "kube-apiserver");
            CertInfo api = list.stream().filter(i -> i.id().equals("kube-apiserver")).findFirst().orElseThrow();
            X509Certificate c = cert(state().resolve("pki/kube-apiserver.crt"));
            assertThat(api.subject()).isEqualTo("O=Kubernetes,CN=kubernetes");
            assertThat(api.issuer()).isEqualTo("O=Kubernetes,CN=Kubernetes");
            assertThat(new BigInteger(api.serial(), 16)).isEqualTo(c.getSerialNumber());
            assertThat(api.sans()).contains("DNS:kubernetes.default.svc.cluster.local", "IP:10.32.0.1");
            assertThat(api.notAfter()).isEqualTo(c.getNotAfter().toInstant());
            assertThat(api.daysLeft()).isEqualTo(264);
            assertThat(api.ca()).isFalse();
            assertThat(list.get(0).id()).isEqualTo("admin");
        }
    }
}
