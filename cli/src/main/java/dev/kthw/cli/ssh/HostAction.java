package dev.kthw.cli.ssh;

/** Work done on one connected host by {@link SshTransport#runOnAll}. */
@FunctionalInterface
public interface HostAction<T> {
    T run(HostSession session) throws Exception;
}
