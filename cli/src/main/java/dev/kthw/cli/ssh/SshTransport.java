package dev.kthw.cli.ssh;

import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SSH transport for a whole run: one SSH connection per host, reused for every command and upload, verified
 * against known_hosts (and an optional pinned fingerprint) and checked for passwordless sudo when opened.
 *
 * <pre>{@code
 * try (SshTransport ssh = new SshTransport(SshOptions.defaults())) {
 *     ssh.runOnAll(targets, s -> s.install(files)).throwIfFailed();
 * }
 * }</pre>
 */
public final class SshTransport implements AutoCloseable {

    /**
     * Cipher preference. With hardware AES (x86 AES-NI, ARMv8 crypto extensions) AES-GCM computed by the JDK
     * ({@link JdkGcmCipher}) comes first: in bench-push it costs the client about half the CPU of SSHJ's
     * chacha20-poly1305, which is pure-Java BouncyCastle code. Without it chacha20-poly1305 stays first. Note the
     * server decrypts with what the client picks: a Pi 4 (no AES instructions) is much slower at AES-GCM than at
     * chacha20 (not measured here), which matters most for a single host near GbE speed. Override with
     * -Dkthw.ssh.ciphers=a,b,c (comma-separated SSH cipher names, first is preferred).
     */
    static final List<String> CIPHER_PREFERENCE = List.of(System.getProperty("kthw.ssh.ciphers",
            JdkGcmCipher.hardwareAes() && JdkGcmCipher.jdkProvider() != null
                    ? "aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com,aes128-ctr,aes256-ctr"
                    : "chacha20-poly1305@openssh.com,aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-ctr,aes256-ctr")
            .split(","));

    private final SshOptions options;
    private final DefaultConfig config;
    private final Map<String, HostSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Object> connectLocks = new ConcurrentHashMap<>();
    private final Map<String, String> localHashes = new ConcurrentHashMap<>();
    private final Map<String, Object> hashLocks = new ConcurrentHashMap<>();
    private final List<String> notices = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong bytesSent = new AtomicLong();
    private final ScheduledExecutorService watchdog;
    private final ExecutorService io;

    public SshTransport(SshOptions options) {
        this.options = options;
        this.config = newConfig();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("kthw-ssh-watchdog"));
        this.io = Executors.newCachedThreadPool(daemon("kthw-ssh-io"));
        if (WARM_UP) {
            io.submit(SshTransport::warmUp);
        }
    }

    private static final boolean WARM_UP = Boolean.parseBoolean(System.getProperty("kthw.ssh.warmup", "true"));

    /**
     * Runs AES-GCM (as SSH packets) and SHA-256 over a few MB in the background while the connections are being
     * opened, so HotSpot has compiled them to their CPU-instruction intrinsics before the first upload. Without it
     * the first ~1-2 s of a push run them interpreted/C1-compiled (JFR: most client samples of a 800 MB bench-push
     * fall in that window).
     */
    static void warmUp() {
        try {
            java.security.Provider jdk = JdkGcmCipher.jdkProvider();
            byte[] packet = new byte[32 * 1024 + 16];
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            Cipher c = jdk == null ? null : JdkGcmCipher.factory("aes128-gcm@openssh.com", 128, jdk).create();
            if (c != null) {
                c.init(Cipher.Mode.Encrypt, new byte[16], new byte[12]);
            }
            for (int i = 0; i < 400; i++) {
                if (c != null) {
                    c.updateAAD(packet, 0, 4);
                    c.update(packet, 4, 32 * 1024 - 4);
                }
                md.update(packet, 0, 32 * 1024);
            }
        } catch (GeneralSecurityException | RuntimeException ignored) {
            // only an optimisation
        }
    }

    public SshOptions options() {
        return options;
    }

    /** The connected, verified session for this host: reused if already open, else opened now. */
    public HostSession session(SshTarget target) {
        String key = key(target);
        synchronized (connectLocks.computeIfAbsent(key, k -> new Object())) {
            HostSession s = sessions.get(key);
            if (s != null && s.isAlive()) {
                return s;
            }
            if (s != null) {
                s.close();
                sessions.remove(key);
            }
            HostSession fresh = connect(target);
            sessions.put(key, fresh);
            return fresh;
        }
    }

    /** Closes and forgets this host's connection (the next {@link #session} reconnects). */
    public void disconnect(SshTarget target) {
        HostSession s = sessions.remove(key(target));
        if (s != null) {
            s.close();
        }
    }

    /**
     * Runs {@code action} on every target, at most {@link SshOptions#parallelism()} at once. Never throws for a
     * host failure: every failure (connect, host key, sudo, command, transfer) is collected per host; call
     * {@link HostResults#throwIfFailed()} for one error that lists them all.
     */
    public <T> HostResults<T> runOnAll(Collection<SshTarget> targets, HostAction<T> action) {
        Set<String> names = new HashSet<>();
        for (SshTarget t : targets) {
            if (!names.add(t.hostName())) {
                throw new IllegalArgumentException("duplicate host name " + t.hostName());
            }
        }
        Map<String, T> values = new LinkedHashMap<>();
        Map<String, SshException> failures = new LinkedHashMap<>();
        if (targets.isEmpty()) {
            return new HostResults<>(values, failures, 0);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallelism(), targets.size()),
                daemon("kthw-ssh-host"));
        try {
            Map<SshTarget, Future<T>> futures = new LinkedHashMap<>();
            for (SshTarget t : targets) {
                futures.put(t, pool.submit(() -> action.run(session(t))));
            }
            for (Map.Entry<SshTarget, Future<T>> e : futures.entrySet()) {
                SshTarget t = e.getKey();
                try {
                    values.put(t.hostName(), e.getValue().get());
                } catch (ExecutionException ex) {
                    failures.put(t.hostName(), asHostError(t, ex.getCause()));
                    HostSession s = sessions.get(key(t));
                    if (s != null && !s.isAlive()) {
                        disconnect(t);
                    }
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    failures.put(t.hostName(), SshException.of(SshException.Kind.OTHER, t, "interrupted"));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new HostResults<>(values, failures, targets.size());
    }

    private static SshException asHostError(SshTarget t, Throwable cause) {
        if (cause instanceof SshException se) {
            return se;
        }
        if (cause instanceof UncheckedIOException u) {
            cause = u.getCause();
        }
        return SshException.of(SshException.Kind.OTHER, t, cause.getClass().getSimpleName() + ": "
                + cause.getMessage(), cause);
    }

    /**
     * Fetches the host key the host presents now, without verifying it and without logging in. For showing the
     * user what {@link #rekey} would pin.
     */
    public String presentedFingerprint(SshTarget target) {
        return HostKeys.fingerprint(fetchHostKey(target));
    }

    /**
     * Re-pins exactly one host: fetches its presented key, refuses unless its fingerprint equals
     * {@code expectedFingerprint} (what the user confirmed out of band), then atomically replaces only this host's
     * lines in its known_hosts file. The target's pinned fingerprint, if any, is ignored (and must be updated by the
     * caller).
     */
    public RekeyResult rekey(SshTarget target, String expectedFingerprint) {
        String expected = HostKeys.normalizeFingerprint(expectedFingerprint);
        PublicKey key = fetchHostKey(target);
        String presented = HostKeys.fingerprint(key);
        if (!presented.equals(expected)) {
            throw SshException.hostKey(SshException.Kind.HOST_KEY_PIN_MISMATCH, target, "rekey refused: host presents "
                    + presented + ", not the confirmed " + expected + "; " + target.knownHosts() + " left unchanged",
                    presented, List.of(expected));
        }
        List<String> before = HostKeys.lookup(target.knownHosts(), HostKeys.patternsFor(target), key)
                .knownFingerprints();
        int replaced = HostKeys.replaceHost(target.knownHosts(), target, key);
        disconnect(target);
        notice(target.label() + ": host key re-pinned to " + presented + " in " + target.knownHosts()
                + " (" + replaced + " old line" + (replaced == 1 ? "" : "s") + " replaced)");
        return new RekeyResult(target.hostName(), before, presented, replaced);
    }

    /** File bytes uploaded by this transport so far (all hosts). */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Notices so far (new host keys recorded, rekeys), oldest first. */
    public List<String> notices() {
        synchronized (notices) {
            return List.copyOf(notices);
        }
    }

    @Override
    public void close() {
        for (HostSession s : sessions.values()) {
            s.close();
        }
        sessions.clear();
        watchdog.shutdownNow();
        io.shutdownNow();
    }

    // ---------------------------------------------------------------- internals used by HostSession

    void notice(String line) {
        notices.add(line);
        options.notices().accept(line);
    }

    void countBytes(long n) {
        bytesSent.addAndGet(n);
    }

    ScheduledExecutorService watchdog() {
        return watchdog;
    }

    ExecutorService io() {
        return io;
    }

    /** SHA-256 (hex) of the local content; files are hashed once per run (keyed by path, size and mtime). */
    String localSha256(RemoteFile f) {
        if (f.bytes() != null) {
            return sha256Hex(f.bytes());
        }
        try {
            Path p = f.localPath().toAbsolutePath();
            String k = p + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis();
            String cached = localHashes.get(k);
            if (cached != null) {
                return cached;
            }
            synchronized (hashLocks.computeIfAbsent(k, x -> new Object())) { // hosts pushing the same file hash it once
                cached = localHashes.get(k);
                if (cached != null) {
                    return cached;
                }
                String h = hashFile(p);
                localHashes.put(k, h);
                return h;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f.localPath() + ": " + e.getMessage(), e);
        }
    }

    private static String hashFile(Path p) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(p)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- connecting

    private static String key(SshTarget t) {
        return t.hostName() + "|" + t.user() + "@" + t.address() + ":" + t.port();
    }

    private static DefaultConfig newConfig() {
        DefaultConfig c = new DefaultConfig();
        List<Factory.Named<Cipher>> ciphers = new ArrayList<>(c.getCipherFactories());
        java.security.Provider jdk = JdkGcmCipher.jdkProvider();
        if (jdk != null) { // same algorithms, computed by the JDK instead of BouncyCastle
            ciphers.replaceAll(f -> switch (f.getName()) {
                case "aes128-gcm@openssh.com" -> JdkGcmCipher.factory(f.getName(), 128, jdk);
                case "aes256-gcm@openssh.com" -> JdkGcmCipher.factory(f.getName(), 256, jdk);
                default -> f;
            });
        }
        ciphers.sort((a, b) -> rank(a.getName()) - rank(b.getName()));
        c.setCipherFactories(ciphers);
        c.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        return c;
    }

    private static int rank(String cipher) {
        int i = CIPHER_PREFERENCE.indexOf(cipher);
        return i < 0 ? CIPHER_PREFERENCE.size() : i;
    }

    private InetAddress resolve(SshTarget t) {
        InetAddress addr;
        try {
            addr = InetAddress.getByName(t.address());
        } catch (UnknownHostException e) {
            throw SshException.of(SshException.Kind.UNREACHABLE, t, "cannot resolve address " + t.address());
        }
        if (!addr.isLoopbackAddress()) {
            options.routeGuard().check(t, addr);
        }
        return addr;
    }

    private SSHClient newClient(SshTarget t, HostKeyVerifier verifier) {
        SSHClient c = new SSHClient(config);
        int timeoutMs = (int) options.connectTimeout().toMillis();
        c.setConnectTimeout(timeoutMs);
        c.getTransport().setTimeoutMs(timeoutMs);
        c.getConnection().setTimeoutMs(timeoutMs);
        KeepAlive ka = c.getConnection().getKeepAlive();
        ka.setKeepAliveInterval((int) Math.max(1, options.keepAliveInterval().toSeconds()));
        if (ka instanceof KeepAliveRunner r) {
            r.setMaxAliveCount(3);
        }
        c.addHostKeyVerifier(verifier);
        return c;
    }

    /** Opens the TCP connection and does the SSH handshake; host-key failures come from the verifier. */
    private void open(SSHClient c, SshTarget t, InetAddress addr, Verifier v) {
        try {
            c.connect(addr.getHostAddress(), t.port());
        } catch (ConnectException e) {
            throw SshException.of(SshException.Kind.CONNECTION_REFUSED, t, "connection refused", e);
        } catch (NoRouteToHostException e) {
            throw SshException.of(SshException.Kind.UNREACHABLE, t, "no route to host", e);
        } catch (SocketTimeoutException e) {
            throw SshException.of(SshException.Kind.TIMEOUT, t, "connection timed out after "
                    + options.connectTimeout().toSeconds() + "s", e);
        } catch (IOException e) {
            closeQuietly(c);
            if (v.failure != null) {
                throw v.failure;
            }
            if (v.captureOnly && v.presented != null) {
                return;
            }
            throw SshException.of(SshException.Kind.CONNECTION_LOST, t, "SSH handshake failed: " + e.getMessage(), e);
        }
    }

    private PublicKey fetchHostKey(SshTarget t) {
        InetAddress addr = resolve(t);
        Verifier v = new Verifier(t, true);
        SSHClient c = newClient(t, v);
        try {
            open(c, t, addr, v);
        } finally {
            closeQuietly(c);
        }
        if (v.presented == null) {
            throw SshException.of(SshException.Kind.CONNECTION_LOST, t, "host did not present a host key");
        }
        return v.presented;
    }

    private HostSession connect(SshTarget t) {
        InetAddress addr = resolve(t);
        Path agentSocket = null; // no key file: ssh-agent (SshAgentAuth)
        if (t.keyPath() == null) {
            agentSocket = SshAgentAuth.requireSocket(t, options.agentSocket());
        } else if (!Files.isReadable(t.keyPath())) {
            throw SshException.of(SshException.Kind.CONFIG, t, "cannot read private key file " + t.keyPath());
        }
        Verifier v = new Verifier(t, false);
        SSHClient c = newClient(t, v);
        open(c, t, addr, v);
        try {
            if (agentSocket != null) {
                SshAgentAuth.authenticate(c, t, agentSocket, options.connectTimeout());
            } else {
                KeyProvider kp;
                try {
                    kp = c.loadKeys(t.keyPath().toString());
                } catch (IOException | RuntimeException e) {
                    throw SshException.of(SshException.Kind.CONFIG, t, "cannot load private key " + t.keyPath()
                            + ": " + e.getMessage(), e);
                }
                try {
                    c.authPublickey(t.user(), kp);
                } catch (UserAuthException e) {
                    throw SshException.of(SshException.Kind.AUTH_FAILED, t, "authentication failed for user "
                            + t.user() + " with key " + t.keyPath(), e);
                } catch (IOException e) {
                    throw SshException.of(SshException.Kind.CONNECTION_LOST, t, "connection lost during"
                            + " authentication: " + e.getMessage(), e);
                }
            }
            String fp = HostKeys.fingerprint(v.presented);
            if (v.trustOnFirstUse) {
                HostKeys.append(t.knownHosts(), t, v.presented);
                notice(t.label() + ": new host key " + fp + " added to " + t.knownHosts() + " (trust on first use)");
            }
            HostSession s = new HostSession(this, t, c, fp);
            if (options.requireSudo()) {
                s.checkSudo();
            }
            return s;
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    static void closeQuietly(SSHClient c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread th = new Thread(r, prefix + "-" + n.incrementAndGet());
            th.setDaemon(true);
            return th;
        };
    }

    /** Host-key policy for one connection attempt (see docs/ssh.md). */
    private final class Verifier implements HostKeyVerifier {
        final SshTarget t;
        final boolean captureOnly;
        volatile PublicKey presented;
        volatile SshException failure;
        volatile boolean trustOnFirstUse;

        Verifier(SshTarget t, boolean captureOnly) {
            this.t = t;
            this.captureOnly = captureOnly;
        }

        @Override
        public boolean verify(String hostname, int port, PublicKey key) {
            presented = key;
            if (captureOnly) {
                return false;
            }
            String fp = HostKeys.fingerprint(key);
            String pinned = t.pinnedFingerprint() == null ? null : HostKeys.normalizeFingerprint(t.pinnedFingerprint());
            if (pinned != null && !pinned.equals(fp)) {
                failure = SshException.hostKey(SshException.Kind.HOST_KEY_PIN_MISMATCH, t, "host key " + fp
                        + " does not match the pinned fingerprint " + pinned + "; refusing to connect", fp,
                        List.of(pinned));
                return false;
            }
            HostKeys.Lookup l;
            try {
                l = HostKeys.lookup(t.knownHosts(), HostKeys.patternsFor(t), key);
            } catch (UncheckedIOException e) {
                failure = SshException.of(SshException.Kind.CONFIG, t, e.getMessage(), e);
                return false;
            }
            switch (l.status()) {
                case KNOWN:
                    return true;
                case REVOKED:
                    failure = SshException.hostKey(SshException.Kind.HOST_KEY_REVOKED, t, "host key " + fp
                            + " is marked @revoked in " + t.knownHosts() + "; refusing to connect", fp, l.knownFingerprints());
                    return false;
                case CHANGED:
                    failure = SshException.hostKey(SshException.Kind.HOST_KEY_CHANGED, t, "HOST KEY CHANGED: "
                            + t.knownHosts() + " has " + String.join(", ", l.knownFingerprints()) + " but the host"
                            + " presented " + fp + "; refusing to connect (if the host was reinstalled, confirm the new"
                            + " fingerprint and run: kthw hosts rekey " + t.hostName() + ")", fp, l.knownFingerprints());
                    return false;
                default:
                    if (options.acceptNewHostKeys()) {
                        trustOnFirstUse = true;
                        return true;
                    }
                    if (pinned != null) {
                        return true;
                    }
                    failure = SshException.hostKey(SshException.Kind.HOST_KEY_UNKNOWN, t, "unknown host key " + fp
                            + " (not in " + t.knownHosts() + "); refusing to connect (verify it, then pin it or"
                            + " allow trust on first use)", fp, List.of());
                    return false;
            }
        }

        @Override
        public List<String> findExistingAlgorithms(String hostname, int port) {
            if (captureOnly) {
                return List.of();
            }
            try {
                return HostKeys.knownAlgorithms(t.knownHosts(), t);
            } catch (UncheckedIOException e) {
                return List.of();
            }
        }
    }
}
