package dev.kthw.cli.ssh;

import dev.kthw.cli.ssh.InstallResult.Change;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.SFTPClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
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

    /** Unconfirmed SFTP writes in flight per upload (pipelining; each write is one packet, ~32 KiB). */
    static final int WRITES_IN_FLIGHT = 64;

    private final SshTransport transport;
    private final SshTarget target;
    private final SSHClient client;
    private final String hostKeyFingerprint;
    private final AtomicLong bytesSent = new AtomicLong();
    private final Object installLock = new Object();
    private SFTPClient sftp;
    private String home;
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
     * content, mode and owner already match are UNCHANGED and no byte is sent. Other files are uploaded over SFTP
     * to a private temp file in the login user's home, then one sudo command per batch runs
     * {@code install -D -m MODE -o OWNER -g GROUP tmp DEST.kthw-tmp && mv -fT DEST.kthw-tmp DEST} (atomic rename
     * in the destination directory) and removes the temp files. Items are applied in list order.
     */
    public List<InstallResult> install(List<? extends RemoteItem> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        synchronized (installLock) {
            return doInstall(items);
        }
    }

    /** {@code tmp} is the uploaded temp file, once uploaded. */
    private record Plan(RemoteItem item, Change change, boolean upload, String tmp) { }

    private List<InstallResult> doInstall(List<? extends RemoteItem> items) {
        // 1. one round trip: state of every remote path
        StringBuilder q = new StringBuilder("sudo -n -- sh -c ").append(quote(QUERY_SCRIPT)).append(" sh");
        for (RemoteItem i : items) {
            q.append(' ').append(quote(i.remotePath()));
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
                plans.add(new Plan(item, c, false, null));
            } else {
                RemoteFile rf = (RemoteFile) item;
                String local = transport.localSha256(rf);
                Plan p;
                if (absent) {
                    p = new Plan(item, Change.CREATED, true, null);
                } else if (f[0].equals("F") && f.length >= 2 && f[1].equals(local)) {
                    p = new Plan(item, metaMatches(item, f) ? Change.UNCHANGED : Change.CHANGED, false, null);
                } else {
                    p = new Plan(item, Change.CHANGED, true, null);
                }
                if (p.upload) {
                    uploadTotal += size(rf);
                }
                plans.add(p);
            }
        }
        if (plans.stream().allMatch(p -> p.change == Change.UNCHANGED)) {
            return plans.stream().map(p -> new InstallResult(target.hostName(), p.item.remotePath(), p.change, 0))
                    .toList();
        }

        // 3. upload what differs, to private temp files in the login user's home
        List<String> temps = new ArrayList<>();
        long[] sent = new long[plans.size()];
        try {
            if (uploadTotal > 0) {
                transport.options().progress().begin(target.hostName(), uploadTotal);
            }
            for (int i = 0; i < plans.size(); i++) {
                Plan p = plans.get(i);
                if (p.upload) {
                    // named after the destination, so a re-run after an interrupted upload reuses (truncates) it
                    String tmp = home() + "/.kthw-upload-" + SshTransport.sha256Hex(
                            p.item.remotePath().getBytes(StandardCharsets.UTF_8)).substring(0, 20);
                    temps.add(tmp);
                    sent[i] = upload((RemoteFile) p.item, tmp);
                    plans.set(i, new Plan(p.item, p.change, true, tmp));
                }
            }
        } catch (RuntimeException e) {
            if (!temps.isEmpty() && isAlive()) {
                try {
                    exec("rm -f -- " + String.join(" ", temps.stream().map(HostSession::quote).toList()));
                } catch (SshException ignored) {
                    // best effort; stale temp files are swept later
                }
            }
            throw e;
        } finally {
            if (uploadTotal > 0) {
                transport.options().progress().end(target.hostName());
            }
        }
        StringBuilder script = new StringBuilder("set --");
        for (String t : temps) {
            script.append(' ').append(quote(t));
        }
        script.append("\ntrap 'rm -f -- \"$@\"' EXIT\n");

        // 4. one sudo command applies everything, in order, stopping at the first failure
        for (int i = 0; i < plans.size(); i++) {
            Plan p = plans.get(i);
            if (p.change == Change.UNCHANGED) {
                continue;
            }
            RemoteItem it = p.item;
            String mode = String.format("%04o", it.mode());
            String dest = quote(it.remotePath());
            String cmd;
            if (it instanceof RemoteDir) {
                cmd = "install -d -m " + mode + " -o " + quote(it.owner()) + " -g " + quote(it.group()) + " -- " + dest
                        + " && chmod " + mode + " -- " + dest + " && chown " + quote(it.owner() + ":" + it.group())
                        + " -- " + dest;
            } else if (p.upload) {
                String staged = quote(it.remotePath() + ".kthw-tmp");
                cmd = "{ install -D -m " + mode + " -o " + quote(it.owner()) + " -g " + quote(it.group()) + " -- "
                        + quote(p.tmp) + " " + staged + " && mv -fT -- " + staged + " " + dest
                        + "; } || { rm -f -- " + staged + "; false; }";
            } else {
                cmd = "chmod " + mode + " -- " + dest + " && chown " + quote(it.owner() + ":" + it.group()) + " -- "
                        + dest;
            }
            script.append(cmd).append(" || { echo kthw-failed ").append(i).append("; exit 1; }\n");
        }
        script.append("exit 0\n");
        ExecResult r = sudo(script.toString());
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

    private synchronized SFTPClient sftp() throws IOException {
        if (sftp == null) {
            sftp = client.newSFTPClient();
            home = sftp.canonicalize(".");
        }
        return sftp;
    }

    private String home() {
        try {
            sftp();
            return home;
        } catch (IOException e) {
            throw lost("opening SFTP", e);
        }
    }

    /** Streams the file to {@code tmp} (mode 0600) with pipelined SFTP writes; a stalled upload drops the link. */
    private long upload(RemoteFile f, String tmp) {
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        long stallNanos = transport.options().stallTimeout().toNanos();
        ScheduledFuture<?> wd = transport.watchdog().scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastProgress.get() > stallNanos) {
                markBroken("no upload progress for " + transport.options().stallTimeout().toSeconds() + "s");
                try {
                    client.getSocket().close(); // unblocks a writer stuck on a dead TCP peer
                } catch (IOException | RuntimeException ignored) {
                    // already closed
                }
            }
        }, 1, 1, TimeUnit.SECONDS);
        long total = 0;
        try {
            SFTPClient s = sftp();
            net.schmizz.sshj.sftp.RemoteFile rf = s.open(tmp, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT,
                    OpenMode.TRUNC), new FileAttributes.Builder().withPermissions(0600).build());
            int chunk = Math.max(1024, s.getSFTPEngine().getSubsystem().getRemoteMaxPacketSize()
                    - rf.getOutgoingPacketOverhead());
            try (rf; InputStream in = f.bytes() != null ? new ByteArrayInputStream(f.bytes())
                    : Files.newInputStream(f.localPath());
                 OutputStream os = rf.new RemoteFileOutputStream(0, WRITES_IN_FLIGHT)) {
                byte[] buf = new byte[chunk];
                int n;
                while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                    os.write(buf, 0, n);
                    total += n;
                    lastProgress.set(System.nanoTime());
                    bytesSent.addAndGet(n);
                    transport.countBytes(n);
                    transport.options().progress().advance(target.hostName(), n);
                }
            }
            return total;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SshException se) {
                throw se;
            }
            if (f.localPath() != null && e instanceof java.nio.file.NoSuchFileException) {
                throw SshException.of(SshException.Kind.CONFIG, target, "local file missing: " + f.localPath(), e);
            }
            throw lost("upload of " + f.remotePath() + " after " + total + " bytes", e);
        } finally {
            wd.cancel(false);
        }
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
        if (!client.isConnected() || broken) {
            markBroken(brokenReason == null ? "connection lost" : brokenReason);
            return SshException.of(SshException.Kind.CONNECTION_LOST, target, "connection lost during " + during
                    + (brokenReason == null ? "" : " (" + brokenReason + ")") + ": " + describe(e), e);
        }
        return SshException.of(SshException.Kind.TRANSFER_FAILED, target, during + " failed: " + describe(e), e);
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
        try {
            if (sftp != null) {
                sftp.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
        SshTransport.closeQuietly(client);
    }
}
