package dev.kthw.cli.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Transport settings. Start from {@link #defaults()} and use the {@code with...} methods.
 *
 * @param acceptNewHostKeys trust on first use: unknown host keys are appended to known_hosts (and reported)
 * @param requireSudo       run {@code sudo -n true} right after connecting and fail clearly if it needs a password
 * @param parallelism       hosts worked on at once by {@link SshTransport#runOnAll}
 * @param connectTimeout    TCP connect + SSH handshake limit
 * @param commandTimeout    default limit for {@link HostSession#exec(String)}
 * @param stallTimeout      an upload that makes no progress for this long closes the connection (dead host)
 * @param keepAliveInterval SSH keep-alive interval; 3 unanswered keep-alives drop the connection
 * @param routeGuard        consulted before connecting to any non-loopback address
 * @param progress          transfer progress sink
 * @param notices           one-line notices (e.g. "added new host key ... to known_hosts")
 * @param agentSocket       ssh-agent socket for targets without a key file; {@link #defaults()} takes
 *                          {@code SSH_AUTH_SOCK}, {@code null} means no agent
 */
public record SshOptions(boolean acceptNewHostKeys, boolean requireSudo, int parallelism, Duration connectTimeout,
                         Duration commandTimeout, Duration stallTimeout, Duration keepAliveInterval,
                         RouteGuard routeGuard, Progress progress, Consumer<String> notices,
                         Path agentSocket) {

    public SshOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1");
        }
        Objects.requireNonNull(connectTimeout);
        Objects.requireNonNull(commandTimeout);
        Objects.requireNonNull(stallTimeout);
        Objects.requireNonNull(keepAliveInterval);
        routeGuard = routeGuard == null ? RouteGuard.ALLOW_ALL : routeGuard;
        progress = progress == null ? Progress.NONE : progress;
        notices = notices == null ? s -> { } : notices;
    }

    public static SshOptions defaults() {
        return new SshOptions(false, true, 4, Duration.ofSeconds(15), Duration.ofMinutes(10), Duration.ofSeconds(30),
                Duration.ofSeconds(5), RouteGuard.ALLOW_ALL, Progress.NONE, null, agentSocketFromEnv());
    }

    /** {@code SSH_AUTH_SOCK} as a path, or {@code null} if it is not set (or blank). */
    static Path agentSocketFromEnv() {
        String s = System.getenv("SSH_AUTH_SOCK");
        return s == null || s.isBlank() ? null : Path.of(s);
    }

    public SshOptions withAcceptNewHostKeys(boolean v) {
        return new SshOptions(v, requireSudo, parallelism, connectTimeout, commandTimeout, stallTimeout,
                keepAliveInterval, routeGuard, progress, notices, agentSocket);
    }

    public SshOptions withRequireSudo(boolean v) {
        return new SshOptions(acceptNewHostKeys, v, parallelism, connectTimeout, commandTimeout, stallTimeout,
                keepAliveInterval, routeGuard, progress, notices, agentSocket);
    }

    public SshOptions withParallelism(int v) {
        return new SshOptions(acceptNewHostKeys, requireSudo, v, connectTimeout, commandTimeout, stallTimeout,
                keepAliveInterval, routeGuard, progress, notices, agentSocket);
    }

    public SshOptions withConnectTimeout(Duration v) {
        return new SshOptions(acceptNewHostKeys, requireSudo, parallelism, v, commandTimeout, stallTimeout,
                keepAliveInterval, routeGuard, progress, notices, agentSocket);
    }

    public SshOptions withCommandTimeout(Duration v) {
        return new SshOptions(acceptNewHostKeys, requireSudo, parallelism, connectTimeout, v, stallTimeout,
                keepAliveInterval, routeGuard, progress, notices, agentSocket);
    }

    public SshOptions withStallTimeout(Duration v) {
        return new SshOptions(acceptNewHostKeys, requireSudo, parallelism, connectTimeout, commandTimeout, v,
                keepAliveInterval, routeGuard, progress, notices, agentSocket);
    }

    public SshOptions withKeepAliveInterval(Duration v) {
        return new SshOptions(acceptNewHostKeys, requireSudo, parallelism, connectTimeout, commandTimeout,
                stallTimeout, v, routeGuard, progress, notices, agentSocket);
    }

    public SshOptions withRouteGuard(RouteGuard v) {
        return new SshOptions(acceptNewHostKeys, requireSudo, parallelism, connectTimeout, commandTimeout,
                stallTimeout, keepAliveInterval, v, progress, notices, agentSocket);
    }

    public SshOptions withProgress(Progress v) {
        return new SshOptions(acceptNewHostKeys, requireSudo, parallelism, connectTimeout, commandTimeout,
                stallTimeout, keepAliveInterval, routeGuard, v, notices, agentSocket);
    }

    public SshOptions withNotices(Consumer<String> v) {
        return new SshOptions(acceptNewHostKeys, requireSudo, parallelism, connectTimeout, commandTimeout,
                stallTimeout, keepAliveInterval, routeGuard, progress, v, agentSocket);
    }

    /** The ssh-agent socket used for targets without a key file ({@code null}: no agent). */
    public SshOptions withAgentSocket(Path v) {
        return new SshOptions(acceptNewHostKeys, requireSudo, parallelism, connectTimeout, commandTimeout,
                stallTimeout, keepAliveInterval, routeGuard, progress, notices, v);
    }
}
