package dev.kthw.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.kthw.cli.inventory.ClusterPlan;
import dev.kthw.cli.state.ClusterState;
import dev.kthw.kubeconfig.EncryptionConfig;
import dev.kthw.kubeconfig.WriteOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "kubeconfig", mixinStandardHelpOptions = true,
        description = "Kubeconfigs for every component and the secrets encryption config.",
        subcommands = {KubeconfigCommand.Generate.class})
public final class KubeconfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: generate");
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {
                    "Write every kubeconfig and the encryption config into the state directory.",
                    "",
                    "Certificates are made first when missing (as `kthw certs generate`). Kubeconfigs: admin (server "
                            + "https://127.0.0.1:6443, for masters), admin-remote (the API endpoint, for this workstation), "
                            + "kubelet-<worker>, kube-proxy, kube-controller-manager, kube-scheduler; each is rewritten only "
                            + "when its certificate or server changed. The encryption config (aescbc, 32 random bytes) is made "
                            + "once and never regenerated: losing it loses every Secret."})
    static final class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        InventoryOptions options;

        @Mixin
        StateOption stateOption;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            generateState(out, options.plan(), options.stateDir(stateOption));
            return ExitCode.OK.code();
        }
    }

    /**
     * Makes whatever the state directory lacks (certificates, kubeconfigs, encryption config), reusing what is
     * there, and reports it. Shared by {@code kubeconfig generate} and {@code render}.
     */
    static void generateState(PrintWriter out, ClusterPlan plan, Path stateDir) {
        try (ClusterState state = ClusterState.open(plan, stateDir)) {
            CertsCommand.printReport(out, state.ensureCertificates());
            printKubeconfigs(out, state.ensureKubeconfigs());
            EncryptionConfig enc = state.ensureEncryptionConfig();
            out.println("encryption config: " + enc.outcome().name().toLowerCase(Locale.ROOT) + " (" + enc.file() + ")");
            out.println("state: " + state.root());
        }
    }

    static void printKubeconfigs(PrintWriter out, Map<String, WriteOutcome> outcomes) {
        int[] n = new int[WriteOutcome.values().length];
        outcomes.forEach((name, o) -> {
            n[o.ordinal()]++;
            if (o != WriteOutcome.UNCHANGED) {
                out.println(String.format("%-9s %s.kubeconfig", o.name().toLowerCase(Locale.ROOT), name));
            }
        });
        out.println("kubeconfigs: " + n[WriteOutcome.CREATED.ordinal()] + " created, " + n[WriteOutcome.CHANGED.ordinal()]
                + " changed, " + n[WriteOutcome.UNCHANGED.ordinal()] + " unchanged");
    }
}
