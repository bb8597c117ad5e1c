package dev.kthw.cli;

/** A failure with a one-line message for the user and the exit code it maps to. */
public class KthwException extends RuntimeException {
    private final ExitCode exitCode;

    public KthwException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public KthwException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
