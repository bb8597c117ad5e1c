package dev.kthw.pki;

import java.nio.file.Path;

/** Child-process helper for the lock test: exit 0 if the state dir could be opened, 3 if it is locked. */
public final class LockProbe {
    private LockProbe() {
    }

    public static void main(String[] args) {
        try (StateDir sd = StateDir.open(Path.of(args[0]))) {
            System.out.println("OPENED " + sd.root());
        } catch (StateLockedException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
    }
}
