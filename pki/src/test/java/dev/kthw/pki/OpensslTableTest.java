package dev.kthw.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issues the PKI and checks every certificate with the real openssl against expectations written out here,
 * independently of {@link CertTable}.
 */
class OpensslTableTest {

    static final Set<String> CA_KU = Set.of("Digital Signature", "Certificate Sign", "CRL Sign");
    static final Set<String> RSA_KU = Set.of("Digital Signature", "Key Encipherment");
    static final Set<String> SIG_KU = Set.of("Digital Signature");
    static final Set<String> CLIENT = Set.of("TLS Web Client Authentication");
    static final Set<String> SERVER = Set.of("TLS Web Server Authentication");
    static final Set<String> BOTH = Set.of("TLS Web Server Authentication", "TLS Web Client Authentication");
    static final Set<String> NONE = Set.of();

    /** What openssl must print for one certificate. Subject in openssl's RFC 2253 order (CN first). */
    record Exp(String subject, Set<String> sans, Set<String> ku, Set<String> eku, boolean ca) {
    }

    @TempDir
    Path tmp;

    @Test
    void twoMastersTwoWorkers_everyCertExactlyAsSpecified() throws IOException {
        Map<String, Exp> exp = new LinkedHashMap<>();
        exp.put("ca", new Exp("CN=Kubernetes,O=Kubernetes", NONE, CA_KU, NONE, true));
        exp.put("admin", new Exp("CN=admin,O=system:masters", NONE, RSA_KU, CLIENT, false));
        exp.put("kubelet-k8s-worker-1", new Exp("CN=system:node:k8s-worker-1,O=system:nodes",
                Set.of("DNS:k8s-worker-1", "IP Address:172.30.1.42"), RSA_KU, BOTH, false));
        exp.put("kubelet-k8s-worker-2", new Exp("CN=system:node:k8s-worker-2,O=system:nodes",
                Set.of("DNS:k8s-worker-2", "IP Address:172.30.1.43"), RSA_KU, BOTH, false));
        exp.put("kube-proxy", new Exp("CN=system:kube-proxy,O=system:node-proxier", NONE, RSA_KU, CLIENT, false));
        exp.put("kube-controller-manager", new Exp(
                "CN=system:kube-controller-manager,O=system:kube-controller-manager", NONE, RSA_KU, CLIENT, false));
        exp.put("kube-scheduler",
                new Exp("CN=system:kube-scheduler,O=system:kube-scheduler", NONE, RSA_KU, CLIENT, false));
        exp.put("service-account", new Exp("CN=service-accounts,O=Kubernetes", NONE, SIG_KU, CLIENT, false));
        exp.put("kube-apiserver", new Exp("CN=kubernetes,O=Kubernetes",
                Set.of("IP Address:10.32.0.1", "IP Address:172.30.1.40", "IP Address:172.30.1.41",
                        "DNS:k8s-master-1", "DNS:k8s-master-2", "IP Address:127.0.0.1", "DNS:localhost",
                        "DNS:kubernetes", "DNS:kubernetes.default", "DNS:kubernetes.default.svc",
                        "DNS:kubernetes.default.svc.cluster", "DNS:kubernetes.default.svc.cluster.local"),
                RSA_KU, SERVER, false));
        exp.put("etcd-k8s-master-1", new Exp("CN=etcd-k8s-master-1,O=Kubernetes",
                Set.of("IP Address:172.30.1.40", "DNS:k8s-master-1", "IP Address:127.0.0.1", "DNS:localhost"),
                RSA_KU, BOTH, false));
        exp.put("etcd-k8s-master-2", new Exp("CN=etcd-k8s-master-2,O=Kubernetes",
                Set.of("IP Address:172.30.1.41", "DNS:k8s-master-2", "IP Address:127.0.0.1", "DNS:localhost"),
                RSA_KU, BOTH, false));
        exp.put("apiserver-etcd-client",
                new Exp("CN=kube-apiserver-etcd-client,O=Kubernetes", NONE, RSA_KU, CLIENT, false));
        exp.put("apiserver-kubelet-client",
                new Exp("CN=kube-apiserver-kubelet-client,O=Kubernetes", NONE, RSA_KU, CLIENT, false));

        issueAndCheck(Fixtures.twoByTwo(), exp);
    }

    @Test
    void threeMastersFiveWorkers_everyCertExactlyAsSpecified() throws IOException {
        String[][] masters = {{"k8s-master-1", "172.30.1.40"}, {"k8s-master-2", "172.30.1.41"},
            {"k8s-master-3", "172.30.1.42"}};
        String[][] workers = {{"k8s-worker-1", "172.30.1.50"}, {"k8s-worker-2", "172.30.1.51"},
            {"k8s-worker-3", "172.30.1.52"}, {"k8s-worker-4", "172.30.1.53"}, {"k8s-master-3", "172.30.1.42"}};
        Map<String, Exp> exp = new LinkedHashMap<>();
        exp.put("ca", new Exp("CN=Kubernetes,O=Kubernetes", NONE, CA_KU, NONE, true));
        exp.put("admin", new Exp("CN=admin,O=system:masters", NONE, RSA_KU, CLIENT, false));
        for (String[] w : workers) {
            exp.put("kubelet-" + w[0], new Exp("CN=system:node:" + w[0] + ",O=system:nodes",
                    Set.of("DNS:" + w[0], "IP Address:" + w[1]), RSA_KU, BOTH, false));
        }
        exp.put("kube-proxy", new Exp("CN=system:kube-proxy,O=system:node-proxier", NONE, RSA_KU, CLIENT, false));
        exp.put("kube-controller-manager", new Exp(
                "CN=system:kube-controller-manager,O=system:kube-controller-manager", NONE, RSA_KU, CLIENT, false));
        exp.put("kube-scheduler",
                new Exp("CN=system:kube-scheduler,O=system:kube-scheduler", NONE, RSA_KU, CLIENT, false));
        exp.put("service-account", new Exp("CN=service-accounts,O=Kubernetes", NONE, SIG_KU, CLIENT, false));
        Set<String> apiSans = new TreeSet<>(Set.of("IP Address:10.96.0.1", "DNS:api.pi.example",
                "IP Address:127.0.0.1", "DNS:localhost", "DNS:kubernetes", "DNS:kubernetes.default",
                "DNS:kubernetes.default.svc", "DNS:kubernetes.default.svc.cluster",
                "DNS:kubernetes.default.svc.pi.local"));
        for (String[] m : masters) {
            apiSans.add("DNS:" + m[0]);
            apiSans.add("IP Address:" + m[1]);
            exp.put("etcd-" + m[0], new Exp("CN=etcd-" + m[0] + ",O=Kubernetes",
                    Set.of("IP Address:" + m[1], "DNS:" + m[0], "IP Address:127.0.0.1", "DNS:localhost"),
                    RSA_KU, BOTH, false));
        }
        exp.put("kube-apiserver", new Exp("CN=kubernetes,O=Kubernetes", apiSans, RSA_KU, SERVER, false));
        exp.put("apiserver-etcd-client",
                new Exp("CN=kube-apiserver-etcd-client,O=Kubernetes", NONE, RSA_KU, CLIENT, false));
        exp.put("apiserver-kubelet-client",
                new Exp("CN=kube-apiserver-kubelet-client,O=Kubernetes", NONE, RSA_KU, CLIENT, false));
        assertThat(exp).hasSize(1 + 1 + 5 + 4 + 1 + 3 + 2);

        issueAndCheck(Fixtures.threeByFive(), exp);
    }

    @Test
    void ecdsaP256_verifiesAndHasNoKeyEncipherment() throws IOException {
        try (StateDir sd = StateDir.open(tmp.resolve("state"))) {
            new Pki(sd).ensure(Fixtures.twoByTwo().withKeyAlgorithm(KeyAlgorithm.ECDSA_P256));
        }
        Path pki = tmp.resolve("state/pki");
        for (String id : ids(pki)) {
            assertThat(Openssl.ok(pki, "verify", "-CAfile", "ca.crt", id + ".crt")).isEqualTo(id + ".crt: OK\n");
            String text = Openssl.ok(pki, "x509", "-in", id + ".crt", "-noout", "-text");
            assertThat(text).contains("Public Key Algorithm: id-ecPublicKey", "ASN1 OID: prime256v1",
                    "Signature Algorithm: ecdsa-with-SHA256");
            Map<String, String> ext = extensions(pki, id);
            if (!id.equals("ca")) {
                assertThat(split(ext.get("X509v3 Key Usage: critical"))).isEqualTo(SIG_KU);
            }
            assertKeyMatches(pki, id);
        }
    }

    @Test
    void keysArePkcs8AndMatchTheirCertificates() throws IOException {
        try (StateDir sd = StateDir.open(tmp.resolve("state"))) {
            new Pki(sd).ensure(Fixtures.twoByTwo());
        }
        Path pki = tmp.resolve("state/pki");
        for (String id : ids(pki)) {
            String key = Files.readString(pki.resolve(id + ".key"));
            assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----").contains("-----END PRIVATE KEY-----");
            assertThat(Openssl.ok(pki, "pkey", "-in", id + ".key", "-noout", "-text")).contains("Private-Key: (2048 bit");
            assertKeyMatches(pki, id);
            assertThat(Openssl.ok(pki, "x509", "-in", id + ".crt", "-noout", "-text"))
                    .contains("Signature Algorithm: sha256WithRSAEncryption");
        }
    }

    private void issueAndCheck(PkiInputs inputs, Map<String, Exp> expected) throws IOException {
        Path state = tmp.resolve("state");
        PkiReport report;
        try (StateDir sd = StateDir.open(state)) {
            report = new Pki(sd).ensure(inputs);
        }
        assertThat(report.entries()).extracting(PkiReport.Entry::id)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(report.entries()).allMatch(e -> e.status() == PkiReport.Status.CREATED);
        Path pki = state.resolve("pki");
        assertThat(ids(pki)).containsExactlyInAnyOrderElementsOf(expected.keySet());

        for (Map.Entry<String, Exp> e : expected.entrySet()) {
            String id = e.getKey();
            Exp x = e.getValue();
            assertThat(Openssl.ok(pki, "verify", "-CAfile", "ca.crt", id + ".crt"))
                    .as("openssl verify %s", id).isEqualTo(id + ".crt: OK\n");
            assertThat(Openssl.ok(pki, "x509", "-in", id + ".crt", "-noout", "-subject", "-nameopt", "RFC2253"))
                    .as("subject of %s", id).isEqualTo("subject=" + x.subject() + "\n");
            Map<String, String> ext = extensions(pki, id);
            assertThat(ext.get("X509v3 Basic Constraints: critical")).as("basicConstraints of %s", id)
                    .isEqualTo(x.ca() ? "CA:TRUE" : "CA:FALSE");
            assertThat(split(ext.get("X509v3 Key Usage: critical"))).as("keyUsage of %s", id).isEqualTo(x.ku());
            assertThat(split(ext.get("X509v3 Extended Key Usage:"))).as("EKU of %s", id).isEqualTo(x.eku());
            List<String> sans = splitList(ext.get("X509v3 Subject Alternative Name:"));
            assertThat(sans).as("SANs of %s", id).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(x.sans());
            // nothing else: only these extensions, and SKI/AKI on every certificate
            String text = Openssl.ok(pki, "x509", "-in", id + ".crt", "-noout", "-text");
            assertThat(text).contains("X509v3 Subject Key Identifier", "X509v3 Authority Key Identifier");
            assertThat(ext.keySet()).as("extension headers of %s", id)
                    .allMatch(h -> h.startsWith("X509v3 Basic") || h.startsWith("X509v3 Key Usage")
                            || h.startsWith("X509v3 Extended") || h.startsWith("X509v3 Subject Alt"));
        }
    }

    /** openssl -ext output: header line, then the indented value. */
    static Map<String, String> extensions(Path dir, String id) {
        String out = Openssl.ok(dir, "x509", "-in", id + ".crt", "-noout", "-ext",
                "subjectAltName,keyUsage,extendedKeyUsage,basicConstraints");
        Map<String, String> m = new LinkedHashMap<>();
        String header = null;
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (!line.startsWith(" ")) {
                header = line.strip();
                m.put(header, "");
            } else {
                m.put(header, (m.get(header) + " " + line.strip()).strip());
            }
        }
        return m;
    }

    static Set<String> split(String v) {
        return v == null ? Set.of() : Set.copyOf(splitList(v));
    }

    static List<String> splitList(String v) {
        if (v == null) {
            return List.of();
        }
        return Arrays.stream(v.split(",")).map(String::strip).collect(Collectors.toList());
    }

    static List<String> ids(Path pki) throws IOException {
        try (Stream<Path> s = Files.list(pki)) {
            List<String> ids = new ArrayList<>();
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".crt"))
                    .forEach(n -> ids.add(n.substring(0, n.length() - 4)));
            return ids;
        }
    }

    static void assertKeyMatches(Path pki, String id) {
        String fromKey = Openssl.ok(pki, "pkey", "-in", id + ".key", "-pubout");
        String fromCert = Openssl.ok(pki, "x509", "-in", id + ".crt", "-noout", "-pubkey");
        assertThat(fromKey).as("public key of %s.key vs %s.crt", id, id).isEqualTo(fromCert);
    }
}
