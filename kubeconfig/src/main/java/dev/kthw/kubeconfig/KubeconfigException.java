package dev.kthw.kubeconfig;

import java.nio.file.Path;

/**
 * Any failure of this module. The message is always a single line and, when a file is involved,
 * names it, so the cli can print it as-is.
 */
public class KubeconfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KubeconfigException(String message) {
        super(oneLine(message));
    }

    public KubeconfigException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** "cannot {action} {file}: {cause}" — for I/O failures. */
    static KubeconfigException io(String action, Path file, Exception cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            why = fse.getReason();
        }
        return new KubeconfigException("cannot " + action + " " + file + ": " + why, cause);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
