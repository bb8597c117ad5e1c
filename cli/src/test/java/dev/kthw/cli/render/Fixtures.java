package dev.kthw.cli.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.kthw.cli.inventory.ClusterPlan;
import dev.kthw.cli.inventory.Host;
import dev.kthw.cli.inventory.Inventory;
import dev.kthw.cli.inventory.InventoryLoader;

/** Inventories and fake state for render tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** The seed's 4-Pi example inventory (a copy of inventory.example.yaml) with another kubernetesVersion. */
    static String exampleText(String version) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/render/inventory.example.yaml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String replaced = text.replace("kubernetesVersion: \"1.36\"", "kubernetesVersion: \"" + version + "\"");
            if (replaced.equals(text) && !version.equals("1.36")) {
                throw new IllegalStateException("the example inventory no longer says kubernetesVersion: \"1.36\"");
            }
            return replaced;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path writeInventory(Path dir, String text) {
        try {
            Files.createDirectories(dir);
            Path f = dir.resolve("inventory.yaml");
            Files.writeString(f, text);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ClusterPlan plan(Path dir, String version) {
        Inventory inv = InventoryLoader.load(writeInventory(dir, exampleText(version)));
        return ClusterPlan.of(inv);
    }

    /** A state source that answers every path with placeholder bytes naming it (render copies them opaquely). */
    static StateSource fakeState() {
        return rel -> Optional.of(("placeholder for " + rel + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the placeholder state files a plan needs into {@code stateDir}. */
    static void writeFakeState(ClusterPlan plan, Path stateDir) {
        try {
            for (Host h : plan.inventory().hosts()) {
                var files = new java.util.ArrayList<NodeLayout.StateFile>();
                if (h.isMaster()) {
                    files.addAll(NodeLayout.masterStateFiles(h));
                }
                if (h.isWorker()) {
                    files.addAll(NodeLayout.workerStateFiles(h));
                }
                for (NodeLayout.StateFile sf : files) {
                    Path p = stateDir.resolve(sf.statePath());
                    Files.createDirectories(p.getParent());
                    Files.writeString(p, "placeholder for " + sf.statePath() + "\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RenderResult render(Path dir, String version) {
        return new Renderer().render(plan(dir, version), fakeState());
    }
}
