package dev.kthw.cli.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A throw-away OpenSSH {@code ssh-agent -D -a <socket>} for tests. The socket lives in a fresh directory under /tmp
 * (UNIX socket paths are limited to ~100 bytes). Never touches the user's own agent.
 */
final class LocalAgent implements AutoCloseable {

    private final Path dir;
    private final Path socket;
    private final Process process;

    private LocalAgent(Path dir, Path socket, Process process) {
        this.dir = dir;
        this.socket = socket;
        this.process = process;
    }

    static LocalAgent start() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "kthw-agent");
        Path socket = dir.resolve("agent.sock");
        Process p = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        LocalAgent a = new LocalAgent(dir, socket, p);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("ssh-agent exited with " + p.exitValue());
            }
            return Files.exists(socket);
        });
        return a;
    }

    Path socket() {
        return socket;
    }

    /** {@code ssh-add <privateKey>} into this agent. */
    LocalAgent add(Path privateKey) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("ssh-add", "-q", privateKey.toString()).redirectErrorStream(true);
        pb.environment().put("SSH_AUTH_SOCK", socket.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("ssh-add " + privateKey + " failed: " + out);
        }
        return this;
    }

    /** SIGKILL: the agent dies without removing its socket file (connecting then gives "Connection refused"). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        kill();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
