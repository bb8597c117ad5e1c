package dev.kthw.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.kthw.cli.inventory.ClusterPlan;
import dev.kthw.cli.inventory.InventoryLoader;
import dev.kthw.cli.inventory.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {
                "Check an inventory and print the plan derived from it: hosts and roles, each worker's podCIDR, "
                        + "the API server's SANs and the etcd initial cluster.",
                "",
                "Every problem is printed on one line naming the field and the host; the exit code is then 2. "
                        + "Warnings (e.g. an even number of etcd members) do not fail validation.",
                "",
                "Example:",
                "  kthw validate -i inventory.example.yaml"})
public final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    InventoryOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ClusterPlan plan = options.plan();
        for (Problem w : InventoryLoader.warnings(plan.inventory())) {
            err.println(w);
        }
        plan.describe().forEach(out::println);
        out.println("inventory is valid");
        return ExitCode.OK.code();
    }
}
