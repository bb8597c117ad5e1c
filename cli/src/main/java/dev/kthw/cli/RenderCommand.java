package dev.kthw.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.kthw.cli.inventory.ClusterPlan;
import dev.kthw.cli.render.HostRender;
import dev.kthw.cli.render.MissingStateFilesException;
import dev.kthw.cli.render.NodeFile;
import dev.kthw.cli.render.OutputTree;
import dev.kthw.cli.render.RenderResult;
import dev.kthw.cli.render.Renderer;
import dev.kthw.cli.render.StateSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = {
                "Render every file of every host into a local tree; no host is touched.",
                "",
                "Output:",
                "  OUT/<host>/<path on the node>  units, configs, CNI, certs, kubeconfigs",
                "  OUT/<host>.manifest            MODE OWNER GROUP SHA256 PATH per file",
                "  OUT/cluster/                   add-ons to apply once (RBAC, CoreDNS)",
                "",
                "Component versions come from the version catalog for the inventory's kubernetesVersion. "
                        + "OUT is replaced as a whole on every run; secrets are mode 0600 there too.",
                "",
                "First makes what the state directory lacks, as 'kthw kubeconfig generate' does (CA, certificates, "
                        + "kubeconfigs, encryption config; existing ones are reused). --no-generate only reads the state.",
                "",
                "Example:",
                "  kthw render -i inventory.example.yaml --out build/example"})
public final class RenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    InventoryOptions options;

    @Mixin
    StateOption stateOption;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory (default: build/<cluster name>/ beside the inventory).")
    Path out;

    @Option(names = "--no-generate",
            description = "Do not create or update certificates, kubeconfigs or the encryption config; fail if any is missing.")
    boolean noGenerate;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        ClusterPlan plan = options.plan();
        Path state = options.stateDir(stateOption);
        Path dir = outDir(plan);
        OutputTree.check(dir); // before the state is touched: a bad --out changes nothing
        if (!noGenerate) {
            KubeconfigCommand.generateState(stdout, plan, state);
        }
        RenderResult result;
        try {
            result = new Renderer().render(plan, StateSource.directory(state));
        } catch (MissingStateFilesException e) {
            throw new KthwException(ExitCode.STATE, e.getMessage().replaceFirst("^the state directory", "the state directory " + state));
        }
        OutputTree.write(result, dir);
        stdout.println("rendered Kubernetes " + result.profile().kubernetes() + " (etcd " + result.profile().etcd()
                + ", containerd " + result.profile().containerd() + ", runc " + result.profile().runc() + ", CNI plugins "
                + result.profile().cniPlugins() + ") for " + result.hosts().size() + " hosts:");
        for (Map.Entry<String, HostRender> e : result.hosts().entrySet()) {
            long templates = e.getValue().files().stream().filter(f -> f.source() == NodeFile.Source.TEMPLATE).count();
            long copies = e.getValue().files().size() - templates;
            stdout.printf("  %-16s %3d files (%d rendered, %d from state), %d directories%n", e.getKey(),
                    e.getValue().files().size(), templates, copies, e.getValue().directories().size());
        }
        stdout.println("  cluster          " + result.cluster().size() + " add-on manifests");
        stdout.println("output: " + dir);
        return ExitCode.OK.code();
    }

    private Path outDir(ClusterPlan plan) {
        if (out != null) {
            return out.toAbsolutePath().normalize();
        }
        return options.inventory.toAbsolutePath().normalize().getParent().resolve("build").resolve(plan.inventory().clusterName());
    }
}
