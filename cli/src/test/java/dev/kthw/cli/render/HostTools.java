package dev.kthw.cli.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Running host tools (systemd-analyze, containerd, CNI plugins, ip) from tests. Without the tool a test is skipped
 * on a developer machine but FAILS under CI (CI=true), so that CI cannot go green by skipping. Debian 12 packages:
 * systemd containerd runc containernetworking-plugins iproute2 iptables.
 */
final class HostTools {
    static final String APT = "apt-get install -y systemd containerd runc containernetworking-plugins iproute2 iptables";

    private HostTools() {
    }

    record Result(int exitCode, String out, String err) {
    }

    static void require(String what, boolean present) {
        if (present) {
            return;
        }
        String msg = what + " is not installed (" + APT + ")";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(msg);
        }
        Assumptions.assumeTrue(false, msg);
    }

    static void requireRoot() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("this test needs root (network namespaces)");
        }
        Assumptions.assumeTrue(root, "needs root");
    }

    static Result run(List<String> cmd, byte[] stdin, java.util.Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (env != null) {
                pb.environment().putAll(env);
            }
            Path out = Files.createTempFile("kthw-tool", ".out");
            Path err = Files.createTempFile("kthw-tool", ".err");
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Result run(String... cmd) {
        return run(List.of(cmd), null, null);
    }
}
