package dev.kthw.kubeconfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A throwaway CA and client certificates made with the real openssl binary (EC P-256: fast). */
final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(0x1000);

    final Path dir;
    final String caPem;
    private final Map<String, CertAndKey> certs = new HashMap<>();

    private TestPki(Path dir, String caPem) {
        this.dir = dir;
        this.caPem = caPem;
    }

    static TestPki create(Path dir) {
        Proc.run(dir, List.of("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-out", "ca.key"));
        Proc.run(dir, List.of("openssl", "req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=kthw-test-ca",
                "-days", "2", "-out", "ca.pem"));
        return new TestPki(dir, read(dir.resolve("ca.pem")));
    }

    /** Issues (or re-issues: a new key and serial each time) the cert with this id. */
    CertAndKey issue(String id, String subject) {
        String key = id + ".key";
        String csr = id + ".csr";
        String crt = id + ".pem";
        Proc.run(dir, List.of("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-out", key));
        Proc.run(dir, List.of("openssl", "req", "-new", "-key", key, "-subj", subject, "-out", csr));
        Proc.run(dir, List.of("openssl", "x509", "-req", "-in", csr, "-CA", "ca.pem", "-CAkey", "ca.key",
                "-set_serial", Long.toString(SERIAL.incrementAndGet()), "-days", "1", "-out", crt));
        CertAndKey ck = new CertAndKey(read(dir.resolve(crt)), read(dir.resolve(key)));
        certs.put(id, ck);
        return ck;
    }

    /** Issues the standard kthw client certs for these workers. */
    TestPki issueAll(List<String> workers) {
        issue("admin", "/CN=admin/O=system:masters");
        issue("kube-controller-manager", "/CN=system:kube-controller-manager/O=system:kube-controller-manager");
        issue("kube-scheduler", "/CN=system:kube-scheduler/O=system:kube-scheduler");
        issue("kube-proxy", "/CN=system:kube-proxy/O=system:node-proxier");
        for (String w : workers) {
            issue("kubelet-" + w, "/CN=system:node:" + w + "/O=system:nodes");
        }
        return this;
    }

    /** The lookup function the lead plugs the PKI store into. */
    CertAndKey lookup(String id) {
        return certs.get(id);
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
