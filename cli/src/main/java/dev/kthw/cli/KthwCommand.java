package dev.kthw.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "kthw",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
                "Kubernetes the hard way on Raspberry Pis, from your workstation.",
                "",
                "Typical first steps:",
                "  kthw validate -i inventory.yaml          check it; print the derived plan",
                "  kthw certs generate -i inventory.yaml    CA and every certificate",
                "  kthw kubeconfig generate -i inventory.yaml",
                "                                           kubeconfigs + encryption config",
                "  kthw render -i inventory.yaml --out DIR  every file of every host, locally",
                "  kthw hosts check -i inventory.yaml       SSH: host key, sudo, arch, OS",
                "",
                "The state directory (default: .kthw/ beside the inventory) holds the CA key and the secrets "
                        + "encryption key: back it up. kthw never overwrites them."},
        footer = {
                "",
                "Exit codes: 0 ok, 1 internal error, 2 bad input (nothing changed), 3 state directory problem, 4 "
                        + "host failure(s)."},
        subcommands = {ValidateCommand.class, CertsCommand.class, KubeconfigCommand.class, RenderCommand.class,
                HostsCommand.class})
public final class KthwCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed (validate, certs, kubeconfig, render, hosts)");
    }
}
