package dev.kthw.cli.ssh;

/** Outcome of one remote command. {@code exitStatus} is -1 when the command died from a signal. */
public record ExecResult(String command, int exitStatus, String stdout, String stderr) {

    public boolean ok() {
        return exitStatus == 0;
    }

    public String firstStderrLine() {
        return SshException.oneLine(stderr);
    }
}
