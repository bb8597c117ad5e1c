package dev.kthw.cli;

import java.nio.file.Path;

import dev.kthw.cli.inventory.ClusterPlan;
import dev.kthw.cli.inventory.Inventory;
import dev.kthw.cli.inventory.InventoryLoader;
import picocli.CommandLine.Option;

/** The options every cluster command shares: the inventory and verbosity. */
public final class InventoryOptions {
    @Option(names = {"-i", "--inventory"}, required = true, paramLabel = "FILE",
            description = "The hosts inventory (YAML). See inventory.example.yaml.")
    Path inventory;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces on errors.")
    boolean verbose;

    private Inventory loaded;

    public Inventory inventory() {
        if (loaded == null) {
            loaded = InventoryLoader.load(inventory);
        }
        return loaded;
    }

    public ClusterPlan plan() {
        return ClusterPlan.of(inventory());
    }

    /** The state directory: {@code --state} when given, else .kthw/ beside the inventory. */
    public Path stateDir(StateOption option) {
        if (option.state != null) {
            return option.state.toAbsolutePath().normalize();
        }
        return inventory.toAbsolutePath().normalize().getParent().resolve(".kthw");
    }
}
