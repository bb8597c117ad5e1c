package dev.kthw.cli.ssh;

import dev.kthw.cli.ssh.SshException.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * ssh-agent authentication against real OpenSSH: a real {@code ssh-agent} (keys added with {@code ssh-add}) and real
 * loopback sshd instances, with {@code keyPath == null} and the agent socket passed via
 * {@link SshOptions#withAgentSocket}.
 */
class SshAgentAuthLoopbackTest {

    @TempDir
    static Path shared;
    static Path ed25519;
    static Path rsa;
    static Path ecdsa;
    static Path other;
    /** Accepts only the ed25519 key. */
    static LocalSshd edServer;
    /** Accepts only the RSA key. */
    static LocalSshd rsaServer;
    /** The agent holding ed25519 then RSA. */
    static LocalAgent agent;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        ed25519 = LocalSshd.keygen(shared.resolve("id_ed25519"));
        other = LocalSshd.keygen(shared.resolve("other_ed25519"));
        rsa = keygen("rsa", shared.resolve("id_rsa"));
        ecdsa = keygen("ecdsa", shared.resolve("id_ecdsa"));
        edServer = LocalSshd.start(shared.resolve("sshd-ed"), authorized("ak-ed", ed25519));
        rsaServer = LocalSshd.start(shared.resolve("sshd-rsa"), authorized("ak-rsa", rsa));
        agent = LocalAgent.start().add(ed25519).add(rsa);
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
        edServer.close();
        rsaServer.close();
    }

    static Path keygen(String type, Path key) throws Exception {
        LocalSshd.run(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "kthw-test-" + type,
                "-f", key.toString()));
        return key;
    }

    /** An authorized_keys file with exactly the public halves of {@code keys}. */
    static Path authorized(String name, Path... keys) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Path k : keys) {
            sb.append(Files.readString(Path.of(k + ".pub")));
        }
        return Files.writeString(shared.resolve(name), sb.toString());
    }

    static SshOptions opts(Path agentSocket) {
        return SshOptions.defaults().withConnectTimeout(Duration.ofSeconds(5)).withAcceptNewHostKeys(true)
                .withAgentSocket(agentSocket);
    }

    SshTarget target(LocalSshd server) {
        return new SshTarget("h1", "127.0.0.1", server.port(), "root", null, tmp.resolve("known_hosts"), null);
    }

    static String fp(Path privateKey) throws Exception {
        return LocalSshd.fingerprintOf(Path.of(privateKey + ".pub"));
    }

    @Test
    void agentClientListsTheKeysLikeSshAdd() throws Exception {
        try (SshAgentClient c = SshAgentClient.connect(agent.socket(), Duration.ofSeconds(5))) {
            List<SshAgentClient.Identity> ids = c.identities();
            assertThat(ids).extracting(SshAgentClient.Identity::describe)
                    .containsExactly("ssh-ed25519 " + fp(ed25519), "ssh-rsa " + fp(rsa));
            assertThat(ids).extracting(SshAgentClient.Identity::comment)
                    .containsExactly("kthw-test", "kthw-test-rsa");
        }
    }

    @Test
    void ed25519KeyFromTheAgentLogsIn() {
        try (SshTransport ssh = new SshTransport(opts(agent.socket()))) {
            assertThat(ssh.session(target(edServer)).exec("echo ok").stdout()).isEqualTo("ok\n");
        }
    }

    @Test
    void rsaKeyFromTheAgentLogsInWithRsaSha2AfterTheEd25519KeyIsRefused() {
        // the agent offers ed25519 first; this server only knows the RSA key, so the second key must be tried
        try (SshTransport ssh = new SshTransport(opts(agent.socket()))) {
            assertThat(ssh.session(target(rsaServer)).exec("echo rsa").stdout()).isEqualTo("rsa\n");
        }
    }

    @Test
    void ecdsaKeyFromTheAgentLogsIn() throws Exception {
        try (LocalAgent a = LocalAgent.start().add(ecdsa);
             LocalSshd server = LocalSshd.start(tmp.resolve("sshd"), authorized("ak-ecdsa", ecdsa));
             SshTransport ssh = new SshTransport(opts(a.socket()))) {
            assertThat(ssh.session(target(server)).exec("echo ec").stdout()).isEqualTo("ec\n");
        }
    }

    @Test
    void agentWithoutTheAuthorizedKeyIsAuthFailedNamingUserAndKey() throws Exception {
        try (LocalAgent a = LocalAgent.start().add(other);
             SshTransport ssh = new SshTransport(opts(a.socket()))) {
            SshException e = catchThrowableOfType(SshException.class, () -> ssh.session(target(edServer)));
            assertThat(e.kind()).isEqualTo(Kind.AUTH_FAILED);
            assertThat(e.getMessage()).isEqualTo("host h1 (127.0.0.1:" + edServer.port() + "): authentication"
                    + " failed for user root with the key of ssh-agent (ssh-ed25519 " + fp(other) + ")");
        }
    }

    @Test
    void noAgentIsAClearConfigErrorBeforeConnecting() {
        try (SshTransport ssh = new SshTransport(opts(null))) {
            SshException e = catchThrowableOfType(SshException.class, () -> ssh.session(target(edServer)));
            assertThat(e.kind()).isEqualTo(Kind.CONFIG);
            assertThat(e.getMessage()).isEqualTo("host h1 (127.0.0.1:" + edServer.port() + "): no ssh.keyPath and"
                    + " no ssh-agent (SSH_AUTH_SOCK is not set)");
        }
        assertThat(tmp.resolve("known_hosts")).doesNotExist(); // never connected
    }

    @Test
    void agentWithoutKeysIsAClearConfigError() throws Exception {
        try (LocalAgent a = LocalAgent.start(); SshTransport ssh = new SshTransport(opts(a.socket()))) {
            SshException e = catchThrowableOfType(SshException.class, () -> ssh.session(target(edServer)));
            assertThat(e.kind()).isEqualTo(Kind.CONFIG);
            assertThat(e.getMessage()).isEqualTo("host h1 (127.0.0.1:" + edServer.port() + "): ssh-agent at "
                    + a.socket() + " has no keys (add one with ssh-add, or set ssh.keyPath)");
        }
    }

    @Test
    void killedAgentIsAClearErrorAndAnOpenSessionKeepsWorking() throws Exception {
        try (LocalAgent a = LocalAgent.start().add(ed25519);
             SshTransport ssh = new SshTransport(opts(a.socket()))) {
            HostSession s = ssh.session(target(edServer));
            a.kill(); // the socket file stays behind
            assertThat(s.exec("echo still").stdout()).isEqualTo("still\n"); // the agent is only needed to log in
            ssh.disconnect(target(edServer));
            SshException e = catchThrowableOfType(SshException.class, () -> ssh.session(target(edServer)));
            assertThat(e.kind()).isEqualTo(Kind.CONFIG);
            assertThat(e.getMessage()).startsWith("host h1 (127.0.0.1:" + edServer.port() + "): cannot reach"
                    + " ssh-agent at " + a.socket() + " (SSH_AUTH_SOCK): ").endsWith("; is the agent running?")
                    .doesNotContain("\n");
        }
    }

    @Test
    void missingAgentSocketIsAClearError() {
        Path gone = tmp.resolve("no-such-agent.sock");
        try (SshTransport ssh = new SshTransport(opts(gone))) {
            SshException e = catchThrowableOfType(SshException.class, () -> ssh.session(target(edServer)));
            assertThat(e.kind()).isEqualTo(Kind.CONFIG);
            assertThat(e.getMessage()).startsWith("host h1 (127.0.0.1:" + edServer.port() + "): cannot reach"
                    + " ssh-agent at " + gone + " (SSH_AUTH_SOCK): ");
        }
    }
}
