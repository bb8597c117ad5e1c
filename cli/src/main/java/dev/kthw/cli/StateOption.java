package dev.kthw.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** {@code --state DIR}, for the commands that read or write the state directory. */
public final class StateOption {
    @Option(names = "--state", paramLabel = "DIR",
            description = "State directory with the CA, keys and kubeconfigs (default: .kthw/ beside the inventory). "
                    + "Mode 0700; back it up.")
    Path state;
}
