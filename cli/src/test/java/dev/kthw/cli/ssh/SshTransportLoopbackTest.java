package dev.kthw.cli.ssh;

import dev.kthw.cli.ssh.InstallResult.Change;
import dev.kthw.cli.ssh.SshException.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Fast tests against real OpenSSH servers on 127.0.0.1 (started and killed by the test). */
class SshTransportLoopbackTest {

    @TempDir
    static Path shared;
    static Path clientKey;
    static Path otherKey;
    static Path authorizedKeys;
    static LocalSshd sshd;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        clientKey = LocalSshd.keygen(shared.resolve("id_ed25519"));
        otherKey = LocalSshd.keygen(shared.resolve("other_ed25519"));
        authorizedKeys = shared.resolve("authorized_keys");
        Files.copy(Path.of(clientKey + ".pub"), authorizedKeys);
        sshd = LocalSshd.start(shared.resolve("sshd"), authorizedKeys);
    }

    @AfterAll
    static void stopServer() throws Exception {
        sshd.close();
    }

    static SshOptions opts() {
        return SshOptions.defaults().withConnectTimeout(Duration.ofSeconds(5));
    }

    SshTarget target(String name, LocalSshd server, Path knownHosts) {
        return new SshTarget(name, "127.0.0.1", server.port(), "root", clientKey, knownHosts, null);
    }

    Path knownHosts() {
        return tmp.resolve("known_hosts");
    }

    // ------------------------------------------------------------------ host keys

    @Test
    void fingerprintMatchesWhatOpenSshPrints() throws Exception {
        try (SshTransport ssh = new SshTransport(opts())) {
            assertThat(ssh.presentedFingerprint(target("h1", sshd, knownHosts())))
                    .isEqualTo(sshd.hostFingerprint());
        }
    }

    @Test
    void unknownHostKeyIsRefusedNamingHostAndFingerprint() throws Exception {
        try (SshTransport ssh = new SshTransport(opts())) {
            SshException e = catchThrowableOfType(SshException.class,
                    () -> ssh.session(target("h1", sshd, knownHosts())));
            assertThat(e.kind()).isEqualTo(Kind.HOST_KEY_UNKNOWN);
            assertThat(e.getMessage()).startsWith("host h1 (127.0.0.1:" + sshd.port() + "): unknown host key")
                    .contains(sshd.hostFingerprint()).doesNotContain("\n");
            assertThat(e.presentedFingerprint()).isEqualTo(sshd.hostFingerprint());
        }
        assertThat(knownHosts()).doesNotExist();
    }

    @Test
    void trustOnFirstUseRecordsTheKeyAndReusesOneConnection() throws Exception {
        List<String> seen = new ArrayList<>();
        try (SshTransport ssh = new SshTransport(opts().withAcceptNewHostKeys(true).withNotices(seen::add))) {
            HostSession s = ssh.session(target("h1", sshd, knownHosts()));
            assertThat(s.hostKeyFingerprint()).isEqualTo(sshd.hostFingerprint());
            assertThat(ssh.session(target("h1", sshd, knownHosts()))).isSameAs(s);
        }
        assertThat(seen).singleElement().asString().contains("h1", sshd.hostFingerprint(), "trust on first use");
        assertThat(Files.readString(knownHosts())).startsWith("[127.0.0.1]:" + sshd.port() + " ssh-ed25519 AAAA");
        try (SshTransport ssh = new SshTransport(opts())) { // no TOFU now: the recorded key must verify
            assertThat(ssh.session(target("h1", sshd, knownHosts())).exec("echo ok").stdout()).isEqualTo("ok\n");
        }
    }

    @Test
    void hashedKnownHostsEntriesAreUnderstood() throws Exception {
        Files.writeString(knownHosts(), "[127.0.0.1]:" + sshd.port() + " "
                + Files.readString(Path.of(sshd.hostKey() + ".pub")).split(" ")[0] + " "
                + Files.readString(Path.of(sshd.hostKey() + ".pub")).split(" ")[1] + "\n");
        LocalSshd.run(List.of("ssh-keygen", "-H", "-f", knownHosts().toString()));
        assertThat(Files.readString(knownHosts())).startsWith("|1|");
        try (SshTransport ssh = new SshTransport(opts())) {
            assertThat(ssh.session(target("h1", sshd, knownHosts())).exec("true").ok()).isTrue();
        }
    }

    @Test
    void wrongClientKeyIsRefused() {
        try (SshTransport ssh = new SshTransport(opts().withAcceptNewHostKeys(true))) {
            SshTarget t = new SshTarget("h1", "127.0.0.1", sshd.port(), "root", otherKey, knownHosts(), null);
            assertThatThrownBy(() -> ssh.session(t)).isInstanceOfSatisfying(SshException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.AUTH_FAILED);
                assertThat(e.getMessage()).isEqualTo("host h1 (127.0.0.1:" + sshd.port()
                        + "): authentication failed for user root with key " + otherKey);
            });
        }
    }

    @Test
    void changedHostKeyIsAlwaysRefusedAndRekeyRepinsOnlyWithTheConfirmedFingerprint() throws Exception {
        try (LocalSshd own = LocalSshd.start(tmp.resolve("own"), authorizedKeys)) {
            SshTarget t = target("h9", own, knownHosts());
            try (SshTransport ssh = new SshTransport(opts().withAcceptNewHostKeys(true))) {
                ssh.session(t);
            }
            String oldFp = own.hostFingerprint();
            // unrelated entries that must survive the rekey untouched
            String otherPlain = "10.9.9.9 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBn5ZfKq0Jk3xkU7QmG7Ww0w0d3Qm3H6mQ6qBf0aZ0aB";
            Files.writeString(knownHosts(), otherPlain + "\n", java.nio.file.StandardOpenOption.APPEND);

            own.newHostKey();
            own.restart();
            String newFp = own.hostFingerprint();
            assertThat(newFp).isNotEqualTo(oldFp);

            try (SshTransport ssh = new SshTransport(opts().withAcceptNewHostKeys(true))) { // TOFU must not help
                SshException e = catchThrowableOfType(SshException.class, () -> ssh.session(t));
                assertThat(e.kind()).isEqualTo(Kind.HOST_KEY_CHANGED);
                assertThat(e.getMessage()).startsWith("host h9 (127.0.0.1:" + own.port() + "): HOST KEY CHANGED")
                        .contains(oldFp, newFp).doesNotContain("\n");
                assertThat(e.knownFingerprints()).containsExactly(oldFp);

                String before = Files.readString(knownHosts());
                SshException wrong = catchThrowableOfType(SshException.class, () -> ssh.rekey(t, oldFp));
                assertThat(wrong.kind()).isEqualTo(Kind.HOST_KEY_PIN_MISMATCH);
                assertThat(wrong.getMessage()).contains("rekey refused", newFp, oldFp);
                assertThat(Files.readString(knownHosts())).isEqualTo(before);

                RekeyResult r = ssh.rekey(t, newFp.substring("SHA256:".length()) + "=");
                assertThat(r.previousFingerprints()).containsExactly(oldFp);
                assertThat(r.newFingerprint()).isEqualTo(newFp);
                assertThat(r.linesReplaced()).isEqualTo(1);
            }
            assertThat(Files.readAllLines(knownHosts())).hasSize(2).contains(otherPlain);
            try (SshTransport ssh = new SshTransport(opts())) {
                assertThat(ssh.session(t).hostKeyFingerprint()).isEqualTo(newFp);
            }
        }
    }

    @Test
    void pinnedFingerprintMustMatch() throws Exception {
        try (SshTransport ssh = new SshTransport(opts().withAcceptNewHostKeys(true))) {
            SshTarget wrongPin = target("h1", sshd, knownHosts())
                    .withPinnedFingerprint("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");
            SshException e = catchThrowableOfType(SshException.class, () -> ssh.session(wrongPin));
            assertThat(e.kind()).isEqualTo(Kind.HOST_KEY_PIN_MISMATCH);
            assertThat(e.getMessage()).contains("h1", sshd.hostFingerprint(), "47DEQpj8HBSa");
            assertThat(knownHosts()).doesNotExist(); // nothing recorded for a refused key
        }
        try (SshTransport ssh = new SshTransport(opts())) { // right pin, empty known_hosts: accepted, not written
            SshTarget pinned = target("h1", sshd, knownHosts()).withPinnedFingerprint(sshd.hostFingerprint());
            assertThat(ssh.session(pinned).exec("true").ok()).isTrue();
        }
        assertThat(knownHosts()).doesNotExist();
    }

    // ------------------------------------------------------------------ exec

    @Test
    void execCapturesExitStatusStdoutStderrAndTimesOut() throws Exception {
        try (SshTransport ssh = new SshTransport(opts().withAcceptNewHostKeys(true))) {
            HostSession s = ssh.session(target("h1", sshd, knownHosts()));
            ExecResult r = s.exec("echo out; echo err >&2; exit 3");
            assertThat(r.exitStatus()).isEqualTo(3);
            assertThat(r.stdout()).isEqualTo("out\n");
            assertThat(r.stderr()).isEqualTo("err\n");

            assertThat(s.sudo("id -u; echo \"it's\"").stdout()).isEqualTo("0\nit's\n");

            assertThatThrownBy(() -> s.execChecked("echo first >&2; echo second >&2; exit 7"))
                    .isInstanceOfSatisfying(SshException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.COMMAND_FAILED);
                        assertThat(e.getMessage()).isEqualTo("host h1 (127.0.0.1:" + sshd.port() + "): command `echo"
                                + " first >&2; echo second >&2; exit 7` failed with exit code 7: first");
                    });

            long t0 = System.nanoTime();
            assertThatThrownBy(() -> s.exec("sleep 30", Duration.ofMillis(500)))
                    .isInstanceOfSatisfying(SshException.class, e -> assertThat(e.kind()).isEqualTo(Kind.COMMAND_TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(s.exec("echo still usable").stdout()).isEqualTo("still usable\n"); // the connection survives

            // large output on both streams at once must not deadlock
            ExecResult big = s.exec("head -c 5000000 /dev/zero; head -c 5000000 /dev/zero >&2");
            assertThat(big.stdout()).hasSize(5_000_000);
            assertThat(big.stderr()).hasSize(5_000_000);
        }
    }

    // ------------------------------------------------------------------ install

    @Test
    void installWithModesAndOwnersIsIdempotentAndSkipsByHash() throws Exception {
        Path dest = tmp.resolve("root");
        Path local = tmp.resolve("local.bin");
        Files.write(local, randomBytes(300_000, 1));
        List<RemoteItem> items = List.of(
                new RemoteDir(dest + "/etc/kthw", 0750, "root", "root"),
                RemoteFile.ofBytes("hello\n".getBytes(StandardCharsets.UTF_8), dest + "/etc/kthw/hello.conf", 0640,
                        "nobody", "nogroup"),
                RemoteFile.ofPath(local, dest + "/opt/bin/tool with space", 0755, "root", "root"));
        try (SshTransport ssh = new SshTransport(opts().withAcceptNewHostKeys(true))) {
            HostSession s = ssh.session(target("h1", sshd, knownHosts()));

            List<InstallResult> first = s.install(items);
            assertThat(first).extracting(InstallResult::change).containsExactly(Change.CREATED, Change.CREATED, Change.CREATED);
            assertThat(first).extracting(InstallResult::bytesSent).containsExactly(0L, 6L, 300_000L);
            assertAttrs(Path.of(dest + "/etc/kthw"), "rwxr-x---", "root", "root");
            assertAttrs(Path.of(dest + "/etc/kthw/hello.conf"), "rw-r-----", "nobody", "nogroup");
            assertAttrs(Path.of(dest + "/opt/bin/tool with space"), "rwxr-xr-x", "root", "root");
            assertThat(Files.readString(Path.of(dest + "/etc/kthw/hello.conf"))).isEqualTo("hello\n");
            assertThat(Files.mismatch(local, Path.of(dest + "/opt/bin/tool with space"))).isEqualTo(-1);
            assertThat(ssh.bytesSent()).isEqualTo(300_006L);
            // no staging temp files left behind (nothing is staged in the home directory any more; ~ is shared by
            // every test run on this machine, so it is not inspected)
            assertThat(s.exec("find " + HostSession.quote(dest.toString()) + " -name '*.kthw-tmp' | wc -l; ls -a "
                    + HostSession.quote(dest + "/etc/kthw")).stdout().strip())
                    .isEqualTo("0\n.\n..\nhello.conf");

            long before = ssh.bytesSent();
            List<InstallResult> second = s.install(items);
            assertThat(second).extracting(InstallResult::change).containsOnly(Change.UNCHANGED);
            assertThat(ssh.bytesSent() - before).isZero();

            // content change -> CHANGED and uploaded; metadata change only -> CHANGED, 0 bytes
            Files.write(local, randomBytes(300_000, 2));
            List<InstallResult> third = s.install(List.of(
                    RemoteFile.ofBytes("hello\n".getBytes(StandardCharsets.UTF_8), dest + "/etc/kthw/hello.conf",
                            0600, "root", "root"),
                    RemoteFile.ofPath(local, dest + "/opt/bin/tool with space", 0755, "root", "root")));
            assertThat(third).extracting(InstallResult::change).containsExactly(Change.CHANGED, Change.CHANGED);
            assertThat(third).extracting(InstallResult::bytesSent).containsExactly(0L, 300_000L);
            assertAttrs(Path.of(dest + "/etc/kthw/hello.conf"), "rw-------", "root", "root");
            assertThat(Files.mismatch(local, Path.of(dest + "/opt/bin/tool with space"))).isEqualTo(-1);
        }
    }

    @Test
    void failedInstallNamesThePathAndReason() throws Exception {
        Path dest = tmp.resolve("root");
        Files.createDirectories(dest);
        Files.writeString(dest.resolve("notadir"), "x");
        try (SshTransport ssh = new SshTransport(opts().withAcceptNewHostKeys(true))) {
            HostSession s = ssh.session(target("h1", sshd, knownHosts()));
            assertThatThrownBy(() -> s.install(RemoteFile.ofBytes(new byte[] {1}, dest + "/notadir/f", 0644, "root",
                    "root"))).isInstanceOfSatisfying(SshException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.COMMAND_FAILED);
                        assertThat(e.getMessage()).contains("h1", "install of " + dest + "/notadir/f failed");
                    });
            // the host stops reading the stream at the failed item: a big upload fails fast too, connection kept
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> s.install(List.of(RemoteFile.ofBytes(new byte[20_000_000], dest + "/notadir/big",
                    0644, "root", "root"), RemoteFile.ofBytes(new byte[] {2}, dest + "/after", 0644, "root", "root"))))
                    .hasMessageContaining("install of " + dest + "/notadir/big failed");
            assertThat(System.nanoTime() - t0).isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(4)); // < connect timeout (5 s)
            assertThat(s.isAlive()).isTrue();
            assertThat(Path.of(dest + "/after")).doesNotExist();
            assertThatThrownBy(() -> s.install(RemoteFile.ofBytes(new byte[] {1}, dest + "/f", 0644, "nosuchuser",
                    "root"))).hasMessageContaining("nosuchuser");
            assertThat(s.exec("find " + HostSession.quote(dest.toString()) + " -name '*.kthw-tmp' | wc -l").stdout()
                    .strip()).isEqualTo("0");
        }
    }

    // ------------------------------------------------------------------ many hosts

    @Test
    void parallelInstallListsEveryFailedHostThenRerunCompletes() throws Exception {
        List<LocalSshd> servers = new ArrayList<>();
        try {
            for (int i = 1; i <= 4; i++) {
                servers.add(LocalSshd.start(tmp.resolve("sshd" + i), authorizedKeys));
            }
            List<SshTarget> targets = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                targets.add(target("h" + i, servers.get(i - 1), knownHosts()));
            }
            byte[] content = randomBytes(1_000_000, 3);
            HostAction<List<InstallResult>> push = s -> s.install(List.of(RemoteFile.ofBytes(content,
                    tmp + "/dest/" + s.target().hostName() + "/payload", 0644, "root", "root")));

            servers.get(1).stop();
            servers.get(2).stop();
            try (SshTransport ssh = new SshTransport(opts().withAcceptNewHostKeys(true))) {
                HostResults<List<InstallResult>> r = ssh.runOnAll(targets, push);
                assertThat(r.values()).containsOnlyKeys("h1", "h4");
                assertThat(r.failures()).containsOnlyKeys("h2", "h3");
                assertThat(r.failures().values()).extracting(SshException::kind).containsOnly(Kind.CONNECTION_REFUSED);
                SshException all = catchThrowableOfType(SshException.class, r::throwIfFailed);
                assertThat(all.kind()).isEqualTo(Kind.MULTIPLE_HOSTS);
                assertThat(all.getMessage().lines().toList()).containsExactly(
                        "2 of 4 hosts failed:",
                        "  host h2 (127.0.0.1:" + servers.get(1).port() + "): connection refused",
                        "  host h3 (127.0.0.1:" + servers.get(2).port() + "): connection refused");

                servers.get(1).restart();
                servers.get(2).restart();
                HostResults<List<InstallResult>> again = ssh.runOnAll(targets, push).throwIfFailed();
                Map<String, List<InstallResult>> v = again.values();
                assertThat(v.get("h1").get(0).change()).isEqualTo(Change.UNCHANGED);
                assertThat(v.get("h2").get(0).change()).isEqualTo(Change.CREATED);
                assertThat(v.get("h3").get(0).change()).isEqualTo(Change.CREATED);
                assertThat(v.get("h4").get(0).change()).isEqualTo(Change.UNCHANGED);
                assertThat(ssh.bytesSent()).isEqualTo(4 * 1_000_000L);
            }
        } finally {
            for (LocalSshd s : servers) {
                s.close();
            }
        }
    }

    @Test
    void hostKilledMidPushGivesPerHostErrorAndRerunCompletes() throws Exception {
        try (LocalSshd a = LocalSshd.start(tmp.resolve("a"), authorizedKeys);
             LocalSshd b = LocalSshd.start(tmp.resolve("b"), authorizedKeys)) {
            Path big = tmp.resolve("big.bin");
            Files.write(big, randomBytes(40_000_000, 4));
            List<SshTarget> targets = List.of(target("a", a, knownHosts()), target("b", b, knownHosts()));
            AtomicBoolean killed = new AtomicBoolean();
            Progress killer = new Progress() {
                long sentToB;

                @Override
                public void begin(String host, long totalBytes) {
                }

                @Override
                public synchronized void advance(String host, long bytes) {
                    if (host.equals("b") && (sentToB += bytes) > 4_000_000 && killed.compareAndSet(false, true)) {
                        b.killConnections();
                    }
                }

                @Override
                public void end(String host) {
                }
            };
            HostAction<InstallResult> push = s -> s.install(RemoteFile.ofPath(big,
                    tmp + "/dest/" + s.target().hostName() + "/big.bin", 0644, "root", "root"));
            try (SshTransport ssh = new SshTransport(opts().withAcceptNewHostKeys(true).withProgress(killer))) {
                HostResults<InstallResult> r = ssh.runOnAll(targets, push);
                assertThat(killed).isTrue();
                assertThat(r.values()).containsOnlyKeys("a");
                assertThat(r.failures().get("b").kind()).isEqualTo(Kind.CONNECTION_LOST);
                assertThat(r.failures().get("b").getMessage()).startsWith("host b (127.0.0.1:" + b.port()
                        + "): connection lost during upload of " + tmp + "/dest/b/big.bin");
                assertThat(Path.of(tmp + "/dest/b/big.bin")).doesNotExist(); // never a half-written destination

                HostResults<InstallResult> again = ssh.runOnAll(targets, push).throwIfFailed();
                assertThat(again.values().get("a").change()).isEqualTo(Change.UNCHANGED);
                assertThat(again.values().get("b").change()).isEqualTo(Change.CREATED);
                assertThat(Files.mismatch(big, Path.of(tmp + "/dest/b/big.bin"))).isEqualTo(-1);
            }
        }
    }

    // ------------------------------------------------------------------ safety and config errors

    @Test
    void routeGuardIsAskedBeforeAnyNonLoopbackConnection() {
        List<String> asked = new ArrayList<>();
        RouteGuard recording = (t, addr) -> asked.add(addr.getHostAddress());
        try (SshTransport ssh = new SshTransport(opts().withAcceptNewHostKeys(true).withRouteGuard(recording))) {
            ssh.session(target("h1", sshd, knownHosts()));
        }
        assertThat(asked).isEmpty(); // loopback needs no guard

        SshTarget outside = new SshTarget("x", "192.0.2.1", 22, "root", clientKey, knownHosts(), null);
        try (SshTransport ssh = new SshTransport(opts().withRouteGuard(new LabRouteGuard()))) {
            assertThatThrownBy(() -> ssh.session(outside)).isInstanceOfSatisfying(SshException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.ROUTE_REFUSED);
                assertThat(e.getMessage()).isEqualTo("host x (192.0.2.1): connection refused by route guard:"
                        + " 192.0.2.1 is not in the lab network 10.251.0.0/16");
            });
            assertThatThrownBy(() -> ssh.presentedFingerprint(outside)).isInstanceOf(SshException.class);
        }
    }

    @Test
    void terminalProgressPrintsPercentPerHostOnOneLine() {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        Progress p = new Progress.Terminal(new java.io.PrintStream(buf, true, StandardCharsets.UTF_8));
        p.begin("lab1", 200);
        p.begin("lab2", 100);
        p.advance("lab1", 100);
        p.end("lab1");
        p.end("lab2");
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("\rlab1 100%  lab2 100%  ").endsWith(System.lineSeparator());
        assertThat(Progress.terminal(true)).isSameAs(Progress.NONE);
    }

    static void assertAttrs(Path p, String perms, String owner, String group) throws Exception {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
        assertThat(PosixFilePermissions.toString(a.permissions())).as("mode of %s", p).isEqualTo(perms);
        assertThat(a.owner().getName()).as("owner of %s", p).isEqualTo(owner);
        assertThat(a.group().getName()).as("group of %s", p).isEqualTo(group);
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @SuppressWarnings("unused")
    private static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }
}
