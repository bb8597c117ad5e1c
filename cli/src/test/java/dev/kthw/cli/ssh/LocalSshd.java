package dev.kthw.cli.ssh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A throw-away OpenSSH server on 127.0.0.1 for tests: own host key, own config, own authorized_keys, running as the
 * current user in the foreground ({@code sshd -D -e}). Never touches the system sshd.
 */
final class LocalSshd implements AutoCloseable {

    static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Path dir;
    private final Path authorizedKeys;
    private final int port;
    private Process process;

    private LocalSshd(Path dir, Path authorizedKeys, int port) {
        this.dir = dir;
        this.authorizedKeys = authorizedKeys;
        this.port = port;
    }

    /** Starts sshd on a free port with a fresh ed25519 host key in {@code dir}. */
    static LocalSshd start(Path dir, Path authorizedKeys) throws Exception {
        return start(dir, authorizedKeys, freePort());
    }

    static LocalSshd start(Path dir, Path authorizedKeys, int port) throws Exception {
        Files.createDirectories(dir);
        LocalSshd s = new LocalSshd(dir, authorizedKeys, port);
        if (!Files.exists(s.hostKey())) {
            s.newHostKey();
        }
        s.startProcess();
        return s;
    }

    static int freePort() throws IOException {
        try (ServerSocket ss = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return ss.getLocalPort();
        }
    }

    /** Generates an ed25519 key pair with ssh-keygen; returns the private key path. */
    static Path keygen(Path privateKey) throws Exception {
        Files.deleteIfExists(privateKey);
        Files.deleteIfExists(Path.of(privateKey + ".pub"));
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "kthw-test", "-f", privateKey.toString()));
        return privateKey;
    }

    /** The fingerprint OpenSSH itself prints for a public key file ("SHA256:..."). */
    static String fingerprintOf(Path pub) throws Exception {
        String out = run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", pub.toString()));
        return out.split("\\s+")[1];
    }

    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(cmd + " failed: " + out);
        }
        return out;
    }

    Path hostKey() {
        return dir.resolve("ssh_host_ed25519_key");
    }

    int port() {
        return port;
    }

    String hostFingerprint() throws Exception {
        return fingerprintOf(Path.of(hostKey() + ".pub"));
    }

    void newHostKey() throws Exception {
        keygen(hostKey());
    }

    private void startProcess() throws Exception {
        Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory sshd insists on
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey(),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + authorizedKeys,
                "UsePAM no",
                "StrictModes no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "Subsystem sftp internal-sftp",
                "MaxStartups 100",
                "LogLevel ERROR",
                ""));
        process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()))
                .start();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket sock = new Socket()) {
                sock.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Kills the connection handlers (children) of this sshd, as if the host vanished mid-session. */
    void killConnections() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    void stop() throws InterruptedException {
        if (process != null) {
            killConnections();
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    void restart() throws Exception {
        stop();
        startProcess();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
