package dev.kthw.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

final class Fixtures {
    private Fixtures() {
    }

    static final Node M1 = new Node("k8s-master-1", "172.30.1.40");
    static final Node M2 = new Node("k8s-master-2", "172.30.1.41");
    static final Node W1 = new Node("k8s-worker-1", "172.30.1.42");
    static final Node W2 = new Node("k8s-worker-2", "172.30.1.43");

    /** The brief's 2-master/2-worker lab, endpoint = first master. */
    static PkiInputs twoByTwo() {
        return PkiInputs.of("kthw", List.of(M1, M2), List.of(W1, W2), "172.30.1.40", "10.32.0.1", "cluster.local");
    }

    /**
     * 3 masters, 5 workers (k8s-master-3 is also a worker), a DNS-name API endpoint and a non-default domain.
     */
    static PkiInputs threeByFive() {
        Node m3 = new Node("k8s-master-3", "172.30.1.42");
        return PkiInputs.of("big",
                List.of(new Node("k8s-master-1", "172.30.1.40"), new Node("k8s-master-2", "172.30.1.41"), m3),
                List.of(new Node("k8s-worker-1", "172.30.1.50"), new Node("k8s-worker-2", "172.30.1.51"),
                        new Node("k8s-worker-3", "172.30.1.52"), new Node("k8s-worker-4", "172.30.1.53"), m3),
                "api.pi.example", "10.96.0.1", "pi.local");
    }

    /** Relative path to SHA-256 of every regular file under root. */
    static Map<String, String> hashes(Path root) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                out.put(root.relativize(p).toString(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
