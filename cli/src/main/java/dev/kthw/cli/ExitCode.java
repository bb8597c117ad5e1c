package dev.kthw.cli;

/** kthw's exit codes. Scripts may rely on them; keep them stable. */
public enum ExitCode {
    /** Done; nothing went wrong. */
    OK(0),
    /** An unexpected internal failure (a bug): the message says what; {@code --verbose} shows the stack trace. */
    FAILED(1),
    /** Bad input: inventory, flags or files. Nothing was changed. */
    INVALID_INPUT(2),
    /** The state directory cannot be used (locked by another run, unsafe permissions, inconsistent CA). Nothing was changed. */
    STATE(3),
    /** One or more hosts failed (unreachable, host key, sudo, remote command). The message lists every failed host. */
    HOSTS(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
