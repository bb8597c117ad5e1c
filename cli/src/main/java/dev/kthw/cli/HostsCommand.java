package dev.kthw.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.kthw.cli.inventory.Host;
import dev.kthw.cli.inventory.Inventory;
import dev.kthw.cli.ssh.ExecResult;
import dev.kthw.cli.ssh.HostResults;
import dev.kthw.cli.ssh.LabRouteGuard;
import dev.kthw.cli.ssh.Progress;
import dev.kthw.cli.ssh.RekeyResult;
import dev.kthw.cli.ssh.RouteGuard;
import dev.kthw.cli.ssh.SshException;
import dev.kthw.cli.ssh.SshOptions;
import dev.kthw.cli.ssh.SshTarget;
import dev.kthw.cli.ssh.SshTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "hosts", mixinStandardHelpOptions = true,
        description = "Reach the inventory's hosts over SSH: check them, re-pin a host key.",
        subcommands = {HostsCommand.Check.class, HostsCommand.Rekey.class})
public final class HostsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: check or rekey");
    }

    /** SSH options shared by the host commands. */
    static final class SshFlags {
        @Option(names = "--accept-new-host-keys",
                description = "Trust a host never seen before (trust on first use) and record its key in known_hosts. "
                        + "A changed key is refused all the same.")
        boolean acceptNew;

        @Option(names = "--no-progress", description = "No progress display for transfers.")
        boolean noProgress;

        @Option(names = "--parallel", paramLabel = "N", defaultValue = "4", description = "Hosts worked on at once (default 4).")
        int parallel;

        @Option(names = "--lab-route-guard", hidden = true,
                description = "Test lab only: refuse any address whose route does not go over the lab bridge.")
        boolean labGuard;

        SshOptions options(PrintWriter err) {
            if (parallel < 1) {
                throw new KthwException(ExitCode.INVALID_INPUT, "--parallel: must be at least 1");
            }
            return SshOptions.defaults()
                    .withAcceptNewHostKeys(acceptNew)
                    .withParallelism(parallel)
                    .withRouteGuard(labGuard ? new LabRouteGuard() : RouteGuard.ALLOW_ALL)
                    .withProgress(noProgress ? Progress.NONE : Progress.terminal(false))
                    .withNotices(line -> err.println("note: " + line));
        }
    }

    static SshTarget target(Host h) {
        return new SshTarget(h.name(), h.address().toString(), h.ssh().port(), h.ssh().user(), h.ssh().keyPath(),
                h.ssh().knownHosts(), h.hostKey());
    }

    static List<SshTarget> targets(Inventory inv) {
        return inv.hosts().stream().map(HostsCommand::target).toList();
    }

    /** One line per failed host, then an exception carrying exit code 4. */
    static KthwException hostFailures(PrintWriter err, Map<String, SshException> failures, int total) {
        for (SshException e : failures.values()) {
            err.println("error: " + e.getMessage() + hint(e));
        }
        return new KthwException(ExitCode.HOSTS, failures.size() + " of " + total + " hosts failed: " + String.join(", ", failures.keySet()));
    }

    static String hint(SshException e) {
        return switch (e.kind()) {
            case HOST_KEY_UNKNOWN -> " — check the fingerprint on the host's console, then re-run with --accept-new-host-keys";
            default -> "";
        };
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {
                    "Connect to every host: verify its host key, log in, check passwordless sudo, and print its "
                            + "architecture (uname -m), OS and kernel. A host whose architecture differs from the inventory "
                            + "(arch: arm64 by default) fails: an x86_64 host is accepted only where the inventory says amd64. "
                            + "Every failed host is listed; exit code 4 if any failed."})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        InventoryOptions options;

        @Mixin
        SshFlags flags;

        record Facts(String machine, String os, String kernel, String fingerprint) {
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Inventory inv = options.inventory();
            List<SshTarget> targets = targets(inv);
            HostResults<Facts> results;
            try (SshTransport ssh = new SshTransport(flags.options(err))) {
                results = ssh.runOnAll(targets, s -> {
                    ExecResult r = s.execChecked("uname -m; uname -r; (. /etc/os-release && echo \"$PRETTY_NAME\") || echo unknown");
                    String[] lines = r.stdout().split("\n");
                    Facts f = new Facts(lines[0].trim(), lines.length > 2 ? lines[2].trim() : "unknown",
                            lines.length > 1 ? lines[1].trim() : "", s.hostKeyFingerprint());
                    Host h = inv.host(s.target().hostName()).orElseThrow();
                    if (!f.machine().equals(h.arch().unameMachine())) {
                        throw SshException.of(SshException.Kind.COMMAND_FAILED, s.target(),
                                "architecture " + f.machine() + " does not match the inventory's " + h.arch().goArch()
                                        + " (" + h.arch().unameMachine() + "); set arch: "
                                        + (f.machine().equals("x86_64") ? "amd64" : "arm64") + " for this host if that is intended");
                    }
                    return f;
                });
            }
            out.println(String.format("%-16s %-15s %-8s %-34s %-22s %s", "HOST", "ADDRESS", "ARCH", "OS", "KERNEL", "HOST KEY"));
            for (SshTarget t : targets) {
                Facts f = results.values().get(t.hostName());
                if (f != null) {
                    out.println(String.format("%-16s %-15s %-8s %-34s %-22s %s", t.hostName(), t.address(), f.machine(), f.os(),
                            f.kernel(), f.fingerprint()));
                } else {
                    out.println(String.format("%-16s %-15s %s", t.hostName(), t.address(), "FAILED"));
                }
            }
            if (!results.failures().isEmpty()) {
                throw hostFailures(err, results.failures(), targets.size());
            }
            out.println(targets.size() + " hosts ok");
            return ExitCode.OK.code();
        }
    }

    @Command(name = "rekey", mixinStandardHelpOptions = true,
            description = {
                    "Re-pin the host key of exactly one host, e.g. after its SD card was replaced.",
                    "",
                    "Without --fingerprint: shows the key the host presents now and what known_hosts has, and changes "
                            + "nothing. Compare it with the host's own key on its console:",
                    "  ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub",
                    "then confirm by running again with --fingerprint SHA256:... . Only that host's known_hosts lines "
                            + "are replaced, and only if the host presents exactly the confirmed key."})
    static final class Rekey implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        InventoryOptions options;

        @Mixin
        SshFlags flags;

        @Parameters(index = "0", paramLabel = "HOST", description = "The host's name in the inventory.")
        String hostName;

        @Option(names = "--fingerprint", paramLabel = "SHA256:...", description = "The new key's fingerprint, as you confirmed it.")
        String fingerprint;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Inventory inv = options.inventory();
            Host host = inv.host(hostName).orElseThrow(() -> new KthwException(ExitCode.INVALID_INPUT,
                    "host " + hostName + " is not in " + options.inventory + " (hosts: "
                            + String.join(", ", inv.hosts().stream().map(Host::name).toList()) + ")"));
            SshTarget target = target(host);
            try (SshTransport ssh = new SshTransport(flags.options(err))) {
                if (fingerprint == null) {
                    String presented = ssh.presentedFingerprint(target);
                    out.println("host " + host.name() + " (" + host.address() + ") presents " + presented);
                    out.println("Check it on the host's console: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub");
                    out.println("If it matches, re-pin it with:");
                    out.println("  kthw hosts rekey " + host.name() + " -i " + options.inventory + " --fingerprint " + presented);
                    return ExitCode.OK.code();
                }
                RekeyResult r = ssh.rekey(target, fingerprint.trim());
                out.println("host " + r.hostName() + ": known_hosts now pins " + r.newFingerprint() + " (replaced "
                        + r.linesReplaced() + " line" + (r.linesReplaced() == 1 ? "" : "s")
                        + (r.previousFingerprints().isEmpty() ? "" : ", was " + String.join(", ", r.previousFingerprints())) + ")");
                if (host.hostKey() != null && !host.hostKey().equals(r.newFingerprint())) {
                    err.println("warning: " + options.inventory + ": the inventory pins hostKey " + host.hostKey() + " for " + host.name()
                            + "; change it to " + r.newFingerprint());
                }
                return ExitCode.OK.code();
            } catch (SshException e) {
                throw new KthwException(ExitCode.HOSTS, e.getMessage() + hint(e), e);
            }
        }
    }
}
