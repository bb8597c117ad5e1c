package dev.kthw.kubeconfig;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes {@code <name>.kubeconfig} files into one directory, only when their content changed.
 *
 * <p>Re-running with the same certificates and servers writes nothing and reports
 * {@link WriteOutcome#UNCHANGED} (mtimes stay); a changed certificate or server replaces the file
 * atomically ({@link WriteOutcome#CHANGED}); a missing file is {@link WriteOutcome#CREATED}.
 * Files hold private keys: mode 0600, directory 0700 (an existing directory is tightened to 0700).
 */
public final class KubeconfigWriter {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9._]*[A-Za-z0-9])?");

    private final Path dir;

    public KubeconfigWriter(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Where {@code name} is written: {@code <dir>/<name>.kubeconfig}. */
    public Path fileFor(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid kubeconfig name: " + name);
        }
        return dir.resolve(name + ".kubeconfig");
    }

    /** Writes one kubeconfig if its content differs from what is on disk. */
    public WriteOutcome write(String name, Kubeconfig kubeconfig) {
        Path file = fileFor(name);
        PrivateFiles.ensurePrivateDir(dir);
        return PrivateFiles.writeIfChanged(file, kubeconfig.toBytes());
    }

    /**
     * Writes every kubeconfig (name → content, e.g. from {@link KubeconfigSet#render}); returns the
     * outcome per name, in the same order. Stops at the first failure; files already written stay.
     */
    public Map<String, WriteOutcome> writeAll(Map<String, Kubeconfig> kubeconfigs) {
        kubeconfigs.keySet().forEach(this::fileFor); // validate all names before writing anything
        Map<String, WriteOutcome> out = new LinkedHashMap<>();
        kubeconfigs.forEach((name, kc) -> out.put(name, write(name, kc)));
        return out;
    }
}
