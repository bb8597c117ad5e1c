package dev.kthw.cli.ssh;

import dev.kthw.cli.ssh.InstallResult.Change;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One verified, authenticated SSH connection to one host (obtain it from {@link SshTransport#session}). Thread-safe:
 * commands may run concurrently; installs on the same host are serialized.
 */
public final class HostSession implements AutoCloseable {

    /** Prints one line per path: "-" absent, "L" symlink, "F sha256 mode uid user gid group", "D - mode ...". */
    private static final String QUERY_SCRIPT = "for f do "
            + "if [ -L \"$f\" ]; then echo L; "
            + "elif [ -f \"$f\" ]; then echo \"F $(sha256sum < \"$f\" | cut -c1-64) $(stat -c '%a %u %U %g %G' -- \"$f\")\"; "
            + "elif [ -d \"$f\" ]; then echo \"D - $(stat -c '%a %u %U %g %G' -- \"$f\")\"; "
            + "else echo -; fi; done";

    /** Bytes per write to the install command's stdin (SSHJ splits them into channel packets). */
    static final int UPLOAD_CHUNK = 1 << 17;

    private final SshTransport transport;
    private final SshTarget target;
    private final SSHClient client;
    private final String hostKeyFingerprint;
    private final AtomicLong bytesSent = new AtomicLong();
    private final Object installLock = new Object();
    private volatile boolean broken;
    private volatile String brokenReason;

    HostSession(SshTransport transport, SshTarget target, SSHClient client, String hostKeyFingerprint) {
        this.transport = transport;
        this.target = target;
        this.client = client;
        this.hostKeyFingerprint = hostKeyFingerprint;
    }

    public SshTarget target() {
        return target;
    }

    /** Fingerprint ({@code SHA256:...}) of the verified host key of this connection. */
    public String hostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    /** File bytes uploaded over this connection. */
    public long bytesSent() {
        return bytesSent.get();
    }

    public boolean isAlive() {
        return !broken && client.isConnected() && client.isAuthenticated();
    }

    // ---------------------------------------------------------------- commands

    /** Runs a command with the default timeout. A non-zero exit status is returned, not thrown. */
    public ExecResult exec(String command) {
        return exec(command, transport.options().commandTimeout());
    }

    /**
     * Runs a command, capturing exit status, stdout and stderr. Throws {@link SshException} (COMMAND_TIMEOUT) when
     * it does not finish in time (the channel is closed; sshd then hangs up on the command) and CONNECTION_LOST
     * when the connection dies.
     */
    public ExecResult exec(String command, Duration timeout) {
        Session session = null;
        Session.Command cmd = null;
        boolean timedOut = false;
        try {
            session = client.startSession();
            cmd = session.exec(command);
            Session.Command c = cmd;
            Future<byte[]> out = transport.io().submit(() -> c.getInputStream().readAllBytes());
            Future<byte[]> err = transport.io().submit(() -> c.getErrorStream().readAllBytes());
            long deadline = System.nanoTime() + timeout.toNanos();
            byte[] o = out.get(remaining(deadline), TimeUnit.NANOSECONDS);
            byte[] e = err.get(remaining(deadline), TimeUnit.NANOSECONDS);
            cmd.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))), TimeUnit.MILLISECONDS);
            Integer status = cmd.getExitStatus();
            return new ExecResult(command, status == null ? -1 : status, utf8(o), utf8(e));
        } catch (TimeoutException e) {
            timedOut = true;
            throw SshException.of(SshException.Kind.COMMAND_TIMEOUT, target, "command timed out after "
                    + timeout.toMillis() + " ms: " + abbreviate(command));
        } catch (ExecutionException e) {
            throw lost("running " + abbreviate(command), e.getCause());
        } catch (IOException e) {
            throw lost("running " + abbreviate(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SshException.of(SshException.Kind.OTHER, target, "interrupted while running " + abbreviate(command));
        } finally {
            if (session != null) {
                closeChannel(session, timedOut ? cmd : null);
            }
        }
    }

    /**
     * Closes a command channel. After a timeout the command is sent SIGKILL first (OpenSSH 7.9+ honours signal
     * requests) and the close happens in the background, so a command that ignores its channel cannot block us.
     */
    private void closeChannel(Session session, Session.Command killFirst) {
        Runnable close = () -> {
            try {
                if (killFirst != null) {
                    killFirst.signal(net.schmizz.sshj.connection.channel.direct.Signal.KILL);
                }
            } catch (IOException | RuntimeException ignored) {
                // best effort
            }
            try {
                session.close();
            } catch (IOException | RuntimeException ignored) {
                // channel already gone
            }
        };
        if (killFirst == null) {
            close.run();
        } else {
            transport.io().submit(close);
        }
    }

    /** Like {@link #exec(String)} but a non-zero exit status throws COMMAND_FAILED. */
    public ExecResult execChecked(String command) {
        return check(exec(command));
    }

    /** Runs {@code command} through {@code sudo -n -- sh -c}; never prompts for a password. */
    public ExecResult sudo(String command) {
        return sudo(command, transport.options().commandTimeout());
    }

    public ExecResult sudo(String command, Duration timeout) {
        ExecResult r = exec(sudoCommand(command), timeout);
        return new ExecResult(command, r.exitStatus(), r.stdout(), r.stderr());
    }

    /** Like {@link #sudo(String)} but a non-zero exit status throws COMMAND_FAILED. */
    public ExecResult sudoChecked(String command) {
        return check(sudo(command));
    }

    public static String sudoCommand(String command) {
        return "sudo -n -- sh -c " + quote(command);
    }

    /** POSIX shell single-quoting. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    private ExecResult check(ExecResult r) {
        if (!r.ok()) {
            throw SshException.of(SshException.Kind.COMMAND_FAILED, target, "command `" + abbreviate(r.command())
                    + "` failed with exit code " + r.exitStatus()
                    + (r.firstStderrLine().isEmpty() ? "" : ": " + r.firstStderrLine()));
        }
        return r;
    }

    void checkSudo() {
        ExecResult r = exec("sudo -n true", transport.options().connectTimeout());
        if (!r.ok()) {
            String why = r.firstStderrLine().isEmpty() ? "exit code " + r.exitStatus() : r.firstStderrLine();
            throw SshException.of(SshException.Kind.SUDO_NEEDS_PASSWORD, target, "user " + target.user()
                    + " cannot sudo without a password (sudo -n failed: " + why + ")");
        }
    }

    // ---------------------------------------------------------------- install

    public InstallResult install(RemoteItem item) {
        return install(List.of(item)).get(0);
    }

    /**
     * Installs files and directories idempotently. One remote command hashes and stats every path; files whose
     * content, mode and owner already match are UNCHANGED and no byte is sent. One sudo command per batch then
     * applies everything in list order; uploaded files are streamed on its stdin into {@code DEST.kthw-tmp}
     * (root, 0600), which gets its owner and mode and is renamed over {@code DEST} (atomic, in the destination
     * directory). See docs/ssh.md.
     */
    public List<InstallResult> install(List<? extends RemoteItem> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        synchronized (installLock) {
            return doInstall(items);
        }
    }

    /** {@code size}: the bytes sent for an uploaded file (what the host reads from the stream for it). */
    private record Plan(RemoteItem item, Change change, boolean upload, long size) { }

    private List<InstallResult> doInstall(List<? extends RemoteItem> items) {
        // 1. one round trip: state of every remote path
        StringBuilder q = new StringBuilder("sudo -n -- sh -c ").append(quote(QUERY_SCRIPT)).append(" sh");
        for (RemoteItem i : items) {
            q.append(' ').append(quote(i.remotePath()));
        }
        // local hashes are computed while the host computes its own (in parallel with the query round trip)
        List<Future<String>> localHashes = new ArrayList<>();
        for (RemoteItem i : items) {
            localHashes.add(i instanceof RemoteFile rf ? transport.io().submit(() -> transport.localSha256(rf)) : null);
        }
        ExecResult state = exec(q.toString());
        if (!state.ok()) {
            throw SshException.of(SshException.Kind.COMMAND_FAILED, target, "checking remote files failed with exit"
                    + " code " + state.exitStatus() + ": " + state.firstStderrLine());
        }
        List<String> lines = state.stdout().lines().toList();
        if (lines.size() != items.size()) {
            throw SshException.of(SshException.Kind.COMMAND_FAILED, target, "checking remote files: expected "
                    + items.size() + " lines, got " + lines.size() + ": " + state.firstStderrLine());
        }

        // 2. decide
        List<Plan> plans = new ArrayList<>();
        long uploadTotal = 0;
        for (int i = 0; i < items.size(); i++) {
            RemoteItem item = items.get(i);
            String[] f = lines.get(i).trim().split(" ");
            boolean absent = f[0].equals("-");
            if (item instanceof RemoteDir) {
                Change c = absent ? Change.CREATED
                        : f[0].equals("D") && metaMatches(item, f) ? Change.UNCHANGED : Change.CHANGED;
                plans.add(new Plan(item, c, false, 0));
            } else {
                RemoteFile rf = (RemoteFile) item;
                String local = localHash(localHashes.get(i));
                Plan p;
                if (absent) {
                    p = new Plan(item, Change.CREATED, true, size(rf));
                } else if (f[0].equals("F") && f.length >= 2 && f[1].equals(local)) {
                    p = new Plan(item, metaMatches(item, f) ? Change.UNCHANGED : Change.CHANGED, false, 0);
                } else {
                    p = new Plan(item, Change.CHANGED, true, size(rf));
                }
                uploadTotal += p.size;
                plans.add(p);
            }
        }
        if (plans.stream().allMatch(p -> p.change == Change.UNCHANGED)) {
            return plans.stream().map(p -> new InstallResult(target.hostName(), p.item.remotePath(), p.change, 0))
                    .toList();
        }

        // 3. one sudo command streams what differs from stdin straight into DEST.kthw-tmp (created 0600 by root in
        //    the destination directory), then sets owner and mode and renames it over DEST; items in list order
        StringBuilder script = new StringBuilder("set --\ntrap 'rm -f -- \"$@\"' EXIT\ntrap 'exit 1' HUP INT TERM\n"
                + "trap '' PIPE\n");
        for (int i = 0; i < plans.size(); i++) {
            Plan p = plans.get(i);
            if (p.change == Change.UNCHANGED) {
                continue;
            }
            RemoteItem it = p.item;
            String mode = String.format("%04o", it.mode());
            String dest = quote(it.remotePath());
            String owner = quote(it.owner() + ":" + it.group());
            String cmd;
            if (it instanceof RemoteDir) {
                cmd = "install -d -m " + mode + " -o " + quote(it.owner()) + " -g " + quote(it.group()) + " -- " + dest
                        + " && chmod " + mode + " -- " + dest + " && chown " + owner + " -- " + dest;
            } else if (p.upload) {
                String staged = quote(it.remotePath() + ".kthw-tmp");
                long n = p.size;
                cmd = "(umask 022; mkdir -p -- " + quote(parent(it.remotePath())) + ") && set -- \"$@\" " + staged
                        + " && rm -f -- " + staged + " && (umask 077; head -c " + n + " > " + staged + ")"
                        + " && [ \"$(stat -c %s -- " + staged + ")\" = " + n + " ]"
                        + " && chown " + owner + " -- " + staged + " && chmod " + mode + " -- " + staged
                        + " && mv -fT -- " + staged + " " + dest;
            } else {
                cmd = "chmod " + mode + " -- " + dest + " && chown " + owner + " -- " + dest;
            }
            script.append(cmd).append(" || { echo kthw-failed ").append(i).append("; exit 1; }\n");
        }
        script.append("exit 0\n");
        long[] sent = new long[plans.size()];
        ExecResult r = apply(script.toString(), plans, sent, uploadTotal);
        if (!r.ok()) {
            String failedPath = "files";
            for (String l : r.stdout().lines().toList()) {
                if (l.startsWith("kthw-failed ")) {
                    failedPath = plans.get(Integer.parseInt(l.substring(12).trim())).item.remotePath();
                }
            }
            throw SshException.of(SshException.Kind.COMMAND_FAILED, target, "install of " + failedPath
                    + " failed with exit code " + r.exitStatus() + ": " + r.firstStderrLine());
        }
        List<InstallResult> out = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            Plan p = plans.get(i);
            out.add(new InstallResult(target.hostName(), p.item.remotePath(), p.change, sent[i]));
        }
        return out;
    }

    private String localHash(Future<String> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SshException.of(SshException.Kind.OTHER, target, "interrupted while hashing local files");
        }
    }

    private static boolean metaMatches(RemoteItem item, String[] f) {
        // f = [type, hash, mode, uid, user, gid, group]
        if (f.length < 7) {
            return false;
        }
        try {
            return Integer.parseInt(f[2], 8) == item.mode()
                    && (item.owner().equals(f[3]) || item.owner().equals(f[4]))
                    && (item.group().equals(f[5]) || item.group().equals(f[6]));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static long size(RemoteFile f) {
        try {
            return f.bytes() != null ? f.bytes().length : Files.size(f.localPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /**
     * Runs the install script under sudo and writes the content of every uploaded file, in plan order, to its
     * stdin (one SSH channel, no per-write acknowledgements, no extra copy on the host). A stalled upload (no
     * progress for stallTimeout) drops the connection. Returns the script's result.
     */
    private ExecResult apply(String script, List<Plan> plans, long[] sent, long uploadTotal) {
        String command = sudoCommand(script);
        Session session = null;
        String during = "installing";
        long total = 0;
        try {
            session = client.startSession();
            Session.Command cmd = session.exec(command);
            Future<byte[]> out = transport.io().submit(() -> cmd.getInputStream().readAllBytes());
            Future<byte[]> err = transport.io().submit(() -> cmd.getErrorStream().readAllBytes());
            IOException writeFailure = null;
            if (uploadTotal > 0) {
                AtomicLong lastProgress = new AtomicLong(System.nanoTime());
                ScheduledFuture<?> wd = stallWatchdog(lastProgress);
                // the script stops reading when an item fails and exits (its stdout ends): then the writer, which
                // may be waiting for window space the host will never grant, is interrupted instead of timing out
                Thread writer = Thread.currentThread();
                boolean[] writing = {true, false}; // still writing, interrupted by the abort task
                Future<?> abort = transport.io().submit(() -> {
                    try {
                        out.get();
                    } catch (Exception ignored) {
                        // same: the remote side is done
                    }
                    synchronized (writing) {
                        if (writing[0]) {
                            writing[1] = true;
                            writer.interrupt();
                        }
                    }
                    return null;
                });
                transport.options().progress().begin(target.hostName(), uploadTotal);
                try (OutputStream os = cmd.getOutputStream()) {
                    byte[] buf = new byte[UPLOAD_CHUNK];
                    for (int i = 0; i < plans.size(); i++) {
                        Plan p = plans.get(i);
                        if (!p.upload) {
                            continue;
                        }
                        RemoteFile f = (RemoteFile) p.item;
                        during = "upload of " + f.remotePath();
                        total = 0;
                        long size = p.size; // the script reads exactly this many bytes for this file
                        try (InputStream in = f.bytes() != null ? new ByteArrayInputStream(f.bytes())
                                : Files.newInputStream(f.localPath())) {
                            int n;
                            while (total < size
                                    && (n = in.readNBytes(buf, 0, (int) Math.min(buf.length, size - total))) > 0) {
                                os.write(buf, 0, n);
                                total += n;
                                sent[i] += n;
                                lastProgress.set(System.nanoTime());
                                bytesSent.addAndGet(n);
                                transport.countBytes(n);
                                transport.options().progress().advance(target.hostName(), n);
                            }
                            if (total != size) {
                                throw SshException.of(SshException.Kind.TRANSFER_FAILED, target, "local file "
                                        + f.localPath() + " changed during upload of " + f.remotePath());
                            }
                        } catch (java.nio.file.NoSuchFileException e) {
                            // the host sees a short file and removes it; nothing is installed from here on
                            throw SshException.of(SshException.Kind.CONFIG, target, "local file missing: "
                                    + f.localPath(), e);
                        }
                    }
                    os.flush(); // everything is sent; closing only sends EOF
                    synchronized (writing) {
                        writing[0] = false;
                    }
                } catch (IOException e) {
                    writeFailure = e; // the script may have stopped reading (a failed item): its output says why
                } finally {
                    synchronized (writing) {
                        writing[0] = false;
                        if (writing[1]) {
                            Thread.interrupted(); // our interrupt, not the caller's: cleared
                        }
                    }
                    abort.cancel(false);
                    wd.cancel(false);
                    transport.options().progress().end(target.hostName());
                }
            } else {
                cmd.getOutputStream().close();
            }
            if (writeFailure != null && (broken || !client.isConnected())) {
                throw lost(during + " after " + total + " bytes", writeFailure);
            }
            long deadline = System.nanoTime() + transport.options().commandTimeout().toNanos();
            byte[] o = out.get(remaining(deadline), TimeUnit.NANOSECONDS);
            byte[] e = err.get(remaining(deadline), TimeUnit.NANOSECONDS);
            cmd.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))), TimeUnit.MILLISECONDS);
            Integer status = cmd.getExitStatus();
            ExecResult r = new ExecResult(script, status == null ? -1 : status, utf8(o), utf8(e));
            if (writeFailure != null && r.ok()) {
                throw lost(during + " after " + total + " bytes", writeFailure);
            }
            return r;
        } catch (TimeoutException e) {
            throw SshException.of(SshException.Kind.COMMAND_TIMEOUT, target, "install command timed out after "
                    + transport.options().commandTimeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            throw lost(during, e.getCause());
        } catch (IOException | RuntimeException e) {
            if (e instanceof SshException se) {
                throw se;
            }
            throw lost(during + " after " + total + " bytes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SshException.of(SshException.Kind.OTHER, target, "interrupted while " + during);
        } finally {
            if (session != null) {
                closeChannel(session, null);
            }
        }
    }

    /** Drops the connection when {@code lastProgress} is older than stallTimeout (unblocks a stuck writer). */
    private ScheduledFuture<?> stallWatchdog(AtomicLong lastProgress) {
        long stallNanos = transport.options().stallTimeout().toNanos();
        return transport.watchdog().scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastProgress.get() > stallNanos) {
                markBroken("no upload progress for " + transport.options().stallTimeout().toSeconds() + "s");
                try {
                    client.getSocket().close(); // unblocks a writer stuck on a dead TCP peer
                } catch (IOException | RuntimeException ignored) {
                    // already closed
                }
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- errors, lifecycle

    private void markBroken(String reason) {
        brokenReason = reason;
        broken = true;
    }

    private SshException lost(String during, Throwable e) {
        if (e instanceof SshException se) {
            return se;
        }
        awaitDisconnectBriefly();
        if (!client.isConnected() || broken) {
            markBroken(brokenReason == null ? "connection lost" : brokenReason);
            return SshException.of(SshException.Kind.CONNECTION_LOST, target, "connection lost during " + during
                    + (brokenReason == null ? "" : " (" + brokenReason + ")") + ": " + describe(e), e);
        }
        return SshException.of(SshException.Kind.TRANSFER_FAILED, target, during + " failed: " + describe(e), e);
    }

    /**
     * A channel error often arrives before SSHJ's reader thread has seen the connection drop; give it a moment so
     * that a dead host is reported as CONNECTION_LOST, not as a transfer failure. Only on error paths.
     */
    private void awaitDisconnectBriefly() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        while (!broken && client.isConnected() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(25);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + SshException.oneLine(m));
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String cmd) {
        String one = cmd.replaceAll("\\s+", " ").strip();
        return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }

    @Override
    public void close() {
        broken = true;
        SshTransport.closeQuietly(client);
    }
}
