package dev.kthw.cli.ssh;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenSSH known_hosts handling: lookup (plain, wildcard and hashed entries are matched by SSHJ's
 * {@link OpenSSHKnownHosts} entry parser), trust-on-first-use append and per-host replacement, both written
 * atomically (temp file in the same directory + rename) under a per-file lock.
 */
public final class HostKeys {

    public enum Status { KNOWN, UNKNOWN, CHANGED, REVOKED }

    /** Result of looking a presented key up. {@code knownFingerprints} lists what the file has for the host. */
    public record Lookup(Status status, List<String> knownFingerprints) { }

    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private HostKeys() {
    }

    /** OpenSSH-style fingerprint: {@code SHA256:} + unpadded base64 of the SHA-256 of the key blob. */
    public static String fingerprint(PublicKey key) {
        return fingerprint(blob(key));
    }

    static String fingerprint(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Accepts "SHA256:abc", "abc", with or without trailing '=' padding; returns "SHA256:abc". */
    public static String normalizeFingerprint(String fp) {
        String s = fp.strip();
        if (s.regionMatches(true, 0, "SHA256:", 0, 7)) {
            s = s.substring(7);
        }
        while (s.endsWith("=")) {
            s = s.substring(0, s.length() - 1);
        }
        return "SHA256:" + s;
    }

    static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }

    static String keyType(PublicKey key) {
        return KeyType.fromKey(key).toString();
    }

    /** The names a host can be listed under: "[addr]:port"/"addr" and the same for the inventory name. */
    static List<String> patternsFor(SshTarget t) {
        Set<String> names = new LinkedHashSet<>();
        names.add(adjust(t.address(), t.port()));
        names.add(adjust(t.hostName(), t.port()));
        return List.copyOf(names);
    }

    static String adjust(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        return port == 22 ? h : "[" + h + "]:" + port;
    }

    /** One parsed known_hosts line: SSHJ entry (for matching) plus the raw fields we need. */
    private record Line(String raw, OpenSSHKnownHosts.KnownHostEntry entry, String marker, String hosts,
                        String type, String keyB64) {
        boolean appliesToAny(List<String> names) {
            if (entry == null) {
                return false;
            }
            for (String n : names) {
                try {
                    if (entry.appliesTo(n)) {
                        return true;
                    }
                } catch (IOException e) {
                    // unparseable hash -> does not apply
                }
            }
            return false;
        }
    }

    private static List<Line> parse(List<String> rawLines) {
        OpenSSHKnownHosts.EntryFactory factory;
        try {
            factory = new OpenSSHKnownHosts(new StringReader("")).new EntryFactory();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Line> out = new ArrayList<>(rawLines.size());
        for (String raw : rawLines) {
            String trimmed = raw.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                out.add(new Line(raw, null, null, null, null, null));
                continue;
            }
            String[] f = trimmed.split("\\s+");
            int i = 0;
            String marker = null;
            if (f[0].startsWith("@")) {
                marker = f[0];
                i = 1;
            }
            OpenSSHKnownHosts.KnownHostEntry entry = null;
            try {
                entry = factory.parseEntry(raw);
            } catch (IOException | RuntimeException e) {
                // bad line: kept verbatim, never matches
            }
            if (!(entry instanceof OpenSSHKnownHosts.HostEntry) || f.length < i + 3) {
                out.add(new Line(raw, null, null, null, null, null));
                continue;
            }
            out.add(new Line(raw, entry, marker, f[i], f[i + 1], f[i + 2]));
        }
        return out;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Looks the presented key up for the given names. A host that is known only with keys of another type is
     * reported as CHANGED (stricter than SSHJ, which would call it unknown).
     */
    public static Lookup lookup(Path knownHosts, List<String> names, PublicKey key) {
        String presentedType = keyType(key);
        String presentedB64 = Base64.getEncoder().encodeToString(blob(key));
        List<String> known = new ArrayList<>();
        boolean match = false;
        for (Line l : parse(readLines(knownHosts))) {
            if (l.entry == null || "@cert-authority".equals(l.marker) || !l.appliesToAny(names)) {
                continue;
            }
            boolean sameKey = l.type.equals(presentedType) && l.keyB64.equals(presentedB64);
            if ("@revoked".equals(l.marker)) {
                if (sameKey) {
                    return new Lookup(Status.REVOKED, List.of(fingerprintOf(l.keyB64)));
                }
                continue;
            }
            known.add(fingerprintOf(l.keyB64));
            match |= sameKey;
        }
        if (match) {
            return new Lookup(Status.KNOWN, known);
        }
        return new Lookup(known.isEmpty() ? Status.UNKNOWN : Status.CHANGED, known);
    }

    /** The key algorithms known_hosts lists for the host, so SSHJ negotiates a key type we can verify. */
    static List<String> knownAlgorithms(Path knownHosts, SshTarget t) {
        Set<String> algs = new LinkedHashSet<>();
        for (Line l : parse(readLines(knownHosts))) {
            if (l.entry != null && l.marker == null && l.appliesToAny(patternsFor(t))) {
                algs.add(l.type);
            }
        }
        return new ArrayList<>(algs);
    }

    private static String fingerprintOf(String keyB64) {
        try {
            return fingerprint(Base64.getDecoder().decode(keyB64));
        } catch (IllegalArgumentException e) {
            return "(undecodable key)";
        }
    }

    static String line(String hostPattern, PublicKey key) {
        return hostPattern + " " + keyType(key) + " " + Base64.getEncoder().encodeToString(blob(key));
    }

    /** Trust on first use: appends one line for the host (atomic rewrite). Returns the line written. */
    public static String append(Path knownHosts, SshTarget t, PublicKey key) {
        String newLine = line(adjust(t.address(), t.port()), key);
        synchronized (lock(knownHosts)) {
            List<String> lines = new ArrayList<>(readLines(knownHosts));
            lines.add(newLine);
            writeAtomically(knownHosts, lines);
        }
        return newLine;
    }

    /**
     * Replaces every line that applies to this host (by address or inventory name, hashed or not) with one line for
     * the given key. In plain lines listing several hosts only this host's names are removed. Other hosts' lines are
     * untouched. Returns the number of lines removed or edited.
     */
    public static int replaceHost(Path knownHosts, SshTarget t, PublicKey key) {
        List<String> names = patternsFor(t);
        synchronized (lock(knownHosts)) {
            List<String> out = new ArrayList<>();
            int touched = 0;
            for (Line l : parse(readLines(knownHosts))) {
                if (l.entry == null || !l.appliesToAny(names) || "@cert-authority".equals(l.marker)
                        || "@revoked".equals(l.marker)) {
                    out.add(l.raw);
                    continue;
                }
                touched++;
                if (!l.hosts.startsWith("|") && l.hosts.contains(",")) {
                    List<String> keep = new ArrayList<>();
                    for (String h : l.hosts.split(",")) {
                        if (!names.contains(h.toLowerCase(Locale.ROOT))) {
                            keep.add(h);
                        }
                    }
                    if (!keep.isEmpty() && keep.size() < l.hosts.split(",").length) {
                        String rest = l.raw.strip().substring(l.raw.strip().indexOf(l.hosts) + l.hosts.length());
                        out.add((l.marker == null ? "" : l.marker + " ") + String.join(",", keep) + rest);
                    }
                }
            }
            out.add(line(adjust(t.address(), t.port()), key));
            writeAtomically(knownHosts, out);
            return touched;
        }
    }

    private static Object lock(Path file) {
        return LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new Object());
    }

    static void writeAtomically(Path file, List<String> lines) {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        try {
            Files.createDirectories(dir);
            Set<PosixFilePermission> perms = Files.exists(abs)
                    ? Files.getPosixFilePermissions(abs) : PosixFilePermissions.fromString("rw-r--r--");
            Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
            try {
                StringBuilder sb = new StringBuilder();
                for (String l : lines) {
                    sb.append(l).append('\n');
                }
                Files.writeString(tmp, sb, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(tmp, perms);
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
