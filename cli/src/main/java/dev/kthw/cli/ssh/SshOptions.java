package dev.kthw.cli.ssh;

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
 */
public record SshOptions(boolean acceptNewHostKeys, boolean requireSudo, int parallelism, Duration connectTimeout,
                         Duration commandTimeout, Duration stallTimeout, Duration keepAliveInterval,
                         RouteGuard routeGuard, Progress progress, Consumer<String> notices) {

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
                Duration.ofSeconds(5), RouteGuard.ALLOW_ALL, Progress.NONE, null);
    }

    public SshOptions withAcceptNewHostKeys(boolean v) {
        return new SshOptions(v, requireSudo, parallelism, connectTimeout, commandTimeout, stallTimeout,
                keepAliveInterval, routeGuard, progress, notices);
    }

    public SshOptions withRequireSudo(boolean v) {
        return new SshOptions(acceptNewHostKeys, v, parallelism, connectTimeout, commandTimeout, stallTimeout,
                keepAliveInterval, routeGuard, progress, notices);
    }

    public SshOptions withParallelism(int v) {
        return new SshOptions(acceptNewHostKeys, requireSudo, v, connectTimeout, commandTimeout, stallTimeout,
                keepAliveInterval, routeGuard, progress, notices);
    }

    public SshOptions withConnectTimeout(Duration v) {
        return new SshOptions(acceptNewHostKeys, requireSudo, parallelism, v, commandTimeout, stallTimeout,
                keepAliveInterval, routeGuard, progress, notices);
    }

    public SshOptions withCommandTimeout(Duration v) {
        return new SshOptions(acceptNewHostKeys, requireSudo, parallelism, connectTimeout, v, stallTimeout,
                keepAliveInterval, routeGuard, progress, notices);
    }

    public SshOptions withStallTimeout(Duration v) {
        return new SshOptions(acceptNewHostKeys, requireSudo, parallelism, connectTimeout, commandTimeout, v,
                keepAliveInterval, routeGuard, progress, notices);
    }

    public SshOptions withKeepAliveInterval(Duration v) {
        return new SshOptions(acceptNewHostKeys, requireSudo, parallelism, connectTimeout, commandTimeout,
                stallTimeout, v, routeGuard, progress, notices);
    }

    public SshOptions withRouteGuard(RouteGuard v) {
        return new SshOptions(acceptNewHostKeys, requireSudo, parallelism, connectTimeout, commandTimeout,
                stallTimeout, keepAliveInterval, v, progress, notices);
    }

    public SshOptions withProgress(Progress v) {
        return new SshOptions(acceptNewHostKeys, requireSudo, parallelism, connectTimeout, commandTimeout,
                stallTimeout, keepAliveInterval, routeGuard, v, notices);
    }

    public SshOptions withNotices(Consumer<String> v) {
        return new SshOptions(acceptNewHostKeys, requireSudo, parallelism, connectTimeout, commandTimeout,
                stallTimeout, keepAliveInterval, routeGuard, progress, v);
    }
}
