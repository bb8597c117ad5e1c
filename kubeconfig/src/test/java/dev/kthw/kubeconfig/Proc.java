package dev.kthw.kubeconfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs real external tools (openssl, kubectl, sh) for the tests. A missing tool fails the test. */
final class Proc {

    private Proc() {}

    /** Runs {@code cmd}, returns stdout; fails with stderr if the exit code is not 0. */
    static String run(Path workDir, List<String> cmd) {
        try {
            Path err = Files.createTempFile("proc", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd)
                        .directory(workDir.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectError(err.toFile());
                // kubectl must only ever look at the --kubeconfig it is given
                pb.environment().remove("KUBECONFIG");
                pb.environment().put("HOME", workDir.toString());
                Process p = pb.start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("timed out: " + cmd);
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError("exit " + p.exitValue() + " from " + cmd + ": "
                            + Files.readString(err));
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd + " (is the tool installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String sh(Path workDir, String script) {
        return run(workDir, List.of("bash", "-o", "pipefail", "-euc", script));
    }
}
