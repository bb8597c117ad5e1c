package dev.kthw.cli.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Benchmark driver for scripts/bench-push: installs every file of a local directory on every host with the kthw
 * transport (fresh destination, so everything is uploaded) and prints one machine-readable line:
 * {@code kthw-bench bytes=N hosts=H seconds=S}.
 *
 * <pre>
 * java -cp kthw.jar dev.kthw.cli.ssh.PushBench --files DIR --dest /tmp/kthw-bench --user U --key K
 *      --known-hosts KH [--lab] name=addr:port ...
 * </pre>
 */
public final class PushBench {

    private PushBench() {
    }

    public static void main(String[] args) throws Exception {
        Path files = null;
        Path key = null;
        Path knownHosts = null;
        String dest = "/tmp/kthw-bench";
        String user = "root";
        boolean lab = false;
        boolean progress = false;
        List<String> hostSpecs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Path.of(args[++i]);
                case "--dest" -> dest = args[++i];
                case "--user" -> user = args[++i];
                case "--key" -> key = Path.of(args[++i]);
                case "--known-hosts" -> knownHosts = Path.of(args[++i]);
                case "--lab" -> lab = true;
                case "--progress" -> progress = true;
                default -> hostSpecs.add(args[i]);
            }
        }
        if (files == null || key == null || knownHosts == null || hostSpecs.isEmpty()) {
            System.err.println("usage: PushBench --files DIR --dest DIR --user U --key K --known-hosts KH [--lab]"
                    + " name=addr:port ...");
            System.exit(2);
        }
        List<SshTarget> targets = new ArrayList<>();
        for (String spec : hostSpecs) {
            String name = spec.substring(0, spec.indexOf('='));
            String addr = spec.substring(spec.indexOf('=') + 1, spec.lastIndexOf(':'));
            int port = Integer.parseInt(spec.substring(spec.lastIndexOf(':') + 1));
            targets.add(new SshTarget(name, addr, port, user, key, knownHosts, null));
        }
        List<Path> locals;
        try (Stream<Path> s = Files.list(files)) {
            locals = s.filter(Files::isRegularFile).sorted().toList();
        }
        SshOptions opts = SshOptions.defaults().withConnectTimeout(Duration.ofSeconds(10))
                .withRouteGuard(lab ? new LabRouteGuard() : RouteGuard.ALLOW_ALL)
                .withProgress(Progress.terminal(!progress));
        String destBase = dest;
        try (SshTransport ssh = new SshTransport(opts)) {
            // connect and clean the destination outside the timed part (scp gets the same treatment)
            ssh.runOnAll(targets, s -> s.sudoChecked("rm -rf " + HostSession.quote(destBase + "/" + s.target().hostName())))
                    .throwIfFailed();
            // timed: local hashing, remote sha256 check, upload, atomic install — everything a real push does
            long t0 = System.nanoTime();
            ssh.runOnAll(targets, s -> {
                List<RemoteItem> items = new ArrayList<>();
                for (Path p : locals) {
                    items.add(RemoteFile.ofPath(p, destBase + "/" + s.target().hostName() + "/" + p.getFileName(),
                            0644, "root", "root"));
                }
                return s.install(items);
            }).throwIfFailed();
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("kthw-bench bytes=%d hosts=%d seconds=%.3f%n", ssh.bytesSent(), targets.size(), secs);
        }
    }
}
