package dev.kthw.cli.render;

import java.util.List;

import dev.kthw.cli.ExitCode;
import dev.kthw.cli.KthwException;

/** The state directory lacks certificates, keys, kubeconfigs or the encryption config that render must copy. */
public final class MissingStateFilesException extends KthwException {
    private final List<String> missing;

    public MissingStateFilesException(String where, List<String> missing) {
        super(ExitCode.STATE, where + " lacks " + missing.size() + " file(s) render needs (" + summary(missing)
                + "): run 'kthw certs generate' and 'kthw kubeconfig generate' first");
        this.missing = List.copyOf(missing);
    }

    private static String summary(List<String> missing) {
        return missing.size() <= 3 ? String.join(", ", missing)
                : String.join(", ", missing.subList(0, 3)) + ", ... " + (missing.size() - 3) + " more";
    }

    public List<String> missing() {
        return missing;
    }
}
