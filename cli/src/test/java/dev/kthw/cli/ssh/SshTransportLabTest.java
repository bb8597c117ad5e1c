package dev.kthw.cli.ssh;

import dev.kthw.cli.ssh.InstallResult.Change;
import dev.kthw.cli.ssh.SshException.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests against the systemd-nspawn lab (scripts/lab): nodes lab1..lab4 on 10.251.0.11..14 behind labbr0, user pi
 * with passwordless sudo, pwuser with password sudo. Needs {@code -Dkthw.lab.dir=<dir with inventory.yaml,
 * id_ed25519, known_hosts>}; {@code scripts/lab} is taken from {@code <lab dir>/../scripts/lab} unless
 * {@code -Dkthw.lab.script} says otherwise.
 *
 * <p>The lab files are copied to a private directory first and every {@code scripts/lab} call runs with
 * {@code LAB_DIR} pointing at the copy, so the lab's own known_hosts is never written by this test. Side effect on
 * the lab: lab4 gets new host keys ({@code scripts/lab known-hosts} or {@code up} refreshes the lab's file).
 * Every connection goes through {@link LabRouteGuard}.
 */
@Tag("lab")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshTransportLabTest {

    static Path labDir;
    static Path labScript;
    static Path work;
    static List<SshTarget> nodes = new ArrayList<>();

    @BeforeAll
    static void lab() throws Exception {
        String dir = System.getProperty("kthw.lab.dir");
        Assumptions.assumeTrue(dir != null && !dir.isBlank(),
                "lab tests skipped: system property kthw.lab.dir is not set (scripts/test sets it)");
        labDir = Path.of(dir).toAbsolutePath();
        labScript = Path.of(System.getProperty("kthw.lab.script", labDir.resolveSibling("scripts").resolve("lab").toString()));
        work = Files.createTempDirectory("kthw-ssh-lab");
        for (String f : List.of("inventory.yaml", "id_ed25519", "id_ed25519.pub", "known_hosts")) {
            Files.copy(labDir.resolve(f), work.resolve(f));
        }
        Map<?, ?> inv = (Map<?, ?>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(work.resolve("inventory.yaml")));
        Map<?, ?> ssh = (Map<?, ?>) inv.get("ssh");
        for (Object o : (List<?>) inv.get("hosts")) {
            Map<?, ?> h = (Map<?, ?>) o;
            nodes.add(new SshTarget((String) h.get("name"), (String) h.get("address"),
                    ((Number) ssh.get("port")).intValue(), (String) ssh.get("user"), work.resolve("id_ed25519"),
                    work.resolve("known_hosts"), null));
        }
        assertThat(nodes).hasSizeGreaterThanOrEqualTo(4);
        assertThat(nodes).allSatisfy(n -> assertThat(n.address()).startsWith("10.251."));
    }

    @AfterAll
    static void cleanup() throws Exception {
        if (work == null) {
            return;
        }
        try (SshTransport ssh = new SshTransport(opts())) {
            ssh.runOnAll(nodes, s -> s.sudo("rm -rf /etc/kthw-ssh-test /opt/kthw-ssh-test"));
        }
    }

    static SshOptions opts() {
        return SshOptions.defaults().withRouteGuard(new LabRouteGuard()).withConnectTimeout(Duration.ofSeconds(5))
                .withStallTimeout(Duration.ofSeconds(8)).withKeepAliveInterval(Duration.ofSeconds(2));
    }

    static SshTarget node(String name) {
        return nodes.stream().filter(n -> n.hostName().equals(name)).findFirst().orElseThrow();
    }

    /** Runs scripts/lab with LAB_DIR pointing at our private copy; returns stdout+stderr. */
    static String lab(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(labScript.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LAB_DIR", work.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("scripts/lab %s finished", String.join(" ", args)).isTrue();
        assertThat(p.exitValue()).as("scripts/lab %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    @Test
    @Order(1)
    void keyAuthAndPasswordlessSudoOnEveryNode() {
        try (SshTransport ssh = new SshTransport(opts())) {
            HostResults<String> r = ssh.runOnAll(nodes, s -> s.exec("id -un").stdout().strip() + " "
                    + s.sudoChecked("id -u").stdout().strip()).throwIfFailed();
            assertThat(r.values().values()).containsOnly("pi 0");
        }
    }

    @Test
    @Order(2)
    void userWhoNeedsASudoPasswordIsRefusedClearly() {
        SshTarget t = node("lab3").withUser("pwuser");
        try (SshTransport ssh = new SshTransport(opts())) {
            SshException e = catchThrowableOfType(SshException.class, () -> ssh.session(t));
            assertThat(e.kind()).isEqualTo(Kind.SUDO_NEEDS_PASSWORD);
            assertThat(e.getMessage()).startsWith("host lab3 (" + t.address() + "): user pwuser cannot sudo without"
                    + " a password (sudo -n failed: ").endsWith(")").doesNotContain("\n");
        }
    }

    @Test
    @Order(3)
    void parallelAtomicInstallWithModesAndOwnersThenSecondPushSendsNothing() {
        byte[] big = new byte[8_000_000];
        new Random(7).nextBytes(big);
        List<RemoteItem> items = List.of(
                new RemoteDir("/etc/kthw-ssh-test", 0750, "root", "adm"),
                RemoteFile.ofBytes("secret\n".getBytes(StandardCharsets.UTF_8), "/etc/kthw-ssh-test/key.pem", 0600,
                        "root", "root"),
                RemoteFile.ofBytes(big, "/opt/kthw-ssh-test/bin/blob", 0755, "root", "root"));
        try (SshTransport ssh = new SshTransport(opts())) {
            HostResults<List<InstallResult>> first = ssh.runOnAll(nodes, s -> s.install(items)).throwIfFailed();
            assertThat(first.values().values()).allSatisfy(l -> assertThat(l).extracting(InstallResult::change)
                    .containsExactly(Change.CREATED, Change.CREATED, Change.CREATED));
            assertThat(ssh.bytesSent()).isEqualTo(nodes.size() * (8_000_000L + 7));
            HostResults<String> stat = ssh.runOnAll(nodes, s -> s.sudoChecked("stat -c '%a %U %G %n' "
                    + "/etc/kthw-ssh-test /etc/kthw-ssh-test/key.pem /opt/kthw-ssh-test/bin/blob; "
                    + "sha256sum < /opt/kthw-ssh-test/bin/blob | cut -c1-64; ls -a /etc/kthw-ssh-test").stdout());
            assertThat(stat.values().values()).containsOnly("750 root adm /etc/kthw-ssh-test\n"
                    + "600 root root /etc/kthw-ssh-test/key.pem\n755 root root /opt/kthw-ssh-test/bin/blob\n"
                    + SshTransport.sha256Hex(big) + "\n.\n..\nkey.pem\n");

            long before = ssh.bytesSent();
            HostResults<List<InstallResult>> second = ssh.runOnAll(nodes, s -> s.install(items)).throwIfFailed();
            assertThat(second.values().values()).allSatisfy(l -> assertThat(l).extracting(InstallResult::change)
                    .containsOnly(Change.UNCHANGED));
            assertThat(ssh.bytesSent() - before).isZero();
        }
    }

    @Test
    @Order(4)
    void hostKilledMidPushGivesPerHostErrorAndRerunAfterStartCompletes() throws Exception {
        byte[] big = new byte[150_000_000];
        new Random(11).nextBytes(big);
        AtomicBoolean killed = new AtomicBoolean();
        CompletableFuture<String> kill = new CompletableFuture<>();
        Progress killer = new Progress() {
            long sent;

            @Override
            public void begin(String host, long totalBytes) {
            }

            @Override
            public synchronized void advance(String host, long bytes) {
                if (host.equals("lab3") && (sent += bytes) > 10_000_000 && killed.compareAndSet(false, true)) {
                    CompletableFuture.runAsync(() -> {
                        try {
                            kill.complete(lab("kill", "lab3"));
                        } catch (Throwable e) {
                            kill.completeExceptionally(e);
                        }
                    });
                }
            }

            @Override
            public void end(String host) {
            }
        };
        List<SshTarget> two = List.of(node("lab1"), node("lab3"));
        HostAction<InstallResult> push = s -> s.install(RemoteFile.ofBytes(big, "/opt/kthw-ssh-test/big.bin", 0644,
                "root", "root"));
        try (SshTransport ssh = new SshTransport(opts().withProgress(killer))) {
            long t0 = System.nanoTime();
            HostResults<InstallResult> r = ssh.runOnAll(two, push);
            kill.get(60, TimeUnit.SECONDS);
            assertThat(r.values()).containsOnlyKeys("lab1");
            SshException e = r.failures().get("lab3");
            assertThat(e.kind()).isEqualTo(Kind.CONNECTION_LOST);
            assertThat(e.getMessage()).startsWith("host lab3 (" + node("lab3").address() + "): connection lost");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(90));

            lab("start", "lab3");
            HostResults<InstallResult> again = ssh.runOnAll(two, push).throwIfFailed();
            assertThat(again.values().get("lab1").change()).isEqualTo(Change.UNCHANGED);
            assertThat(again.values().get("lab3").change()).isIn(Change.CREATED, Change.CHANGED);
            assertThat(ssh.session(node("lab3")).sudoChecked("sha256sum < /opt/kthw-ssh-test/big.bin | cut -c1-64")
                    .stdout().strip()).isEqualTo(SshTransport.sha256Hex(big));
        }
    }

    @Test
    @Order(5)
    void rekeyedHostIsRefusedUntilRepinnedWithTheConfirmedFingerprint() throws Exception {
        SshTarget t = node("lab4");
        String oldFp;
        try (SshTransport ssh = new SshTransport(opts())) {
            oldFp = ssh.session(t).hostKeyFingerprint();
        }
        String out = lab("rekey", "lab4"); // logs "lab4: new host key ssh-ed25519 AAAA..." read from the node's disk
        Matcher m = Pattern.compile("new host key ssh-ed25519 (\\S+)").matcher(out);
        assertThat(m.find()).as("rekey output: %s", out).isTrue();
        String newFp = HostKeys.fingerprint(Base64.getDecoder().decode(m.group(1)));

        try (SshTransport ssh = new SshTransport(opts().withAcceptNewHostKeys(true))) {
            SshException e = catchThrowableOfType(SshException.class, () -> ssh.session(t));
            assertThat(e.kind()).isEqualTo(Kind.HOST_KEY_CHANGED);
            assertThat(e.getMessage()).startsWith("host lab4 (" + t.address() + "): HOST KEY CHANGED")
                    .contains(oldFp, newFp);

            SshException wrong = catchThrowableOfType(SshException.class, () -> ssh.rekey(t, oldFp));
            assertThat(wrong.kind()).isEqualTo(Kind.HOST_KEY_PIN_MISMATCH);

            RekeyResult r = ssh.rekey(t, newFp);
            assertThat(r.previousFingerprints()).contains(oldFp);
            assertThat(ssh.session(t).hostKeyFingerprint()).isEqualTo(newFp);
        }
        // the other nodes' lines are untouched: they still verify
        try (SshTransport ssh = new SshTransport(opts())) {
            ssh.runOnAll(nodes, s -> s.exec("true")).throwIfFailed();
        }
    }
}
