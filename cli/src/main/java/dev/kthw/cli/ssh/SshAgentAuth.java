package dev.kthw.cli.ssh;

import dev.kthw.cli.ssh.SshAgentClient.AgentRefusedException;
import dev.kthw.cli.ssh.SshAgentClient.Identity;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * "publickey" authentication with the keys of an ssh-agent (used for targets without a key file). The agent is asked
 * for its keys; each is offered to the server in turn without a signature, and only a key the server accepts
 * ({@code SSH_MSG_USERAUTH_PK_OK}) is signed — by the agent, the private key never leaves it. See docs/ssh.md.
 */
final class SshAgentAuth {

    private SshAgentAuth() {
    }

    /** The agent socket to use for {@code t}, or a CONFIG error (before any connection is made) if there is none. */
    static Path requireSocket(SshTarget t, Path agentSocket) {
        if (agentSocket == null) {
            throw SshException.of(SshException.Kind.CONFIG, t,
                    "no ssh.keyPath and no ssh-agent (SSH_AUTH_SOCK is not set)");
        }
        return agentSocket;
    }

    /**
     * Authenticates the connected client {@code c} as {@code t.user()} with the agent's keys.
     *
     * @throws SshException CONFIG if the agent cannot be reached or holds no keys; AUTH_FAILED if the server accepted
     *                      none of them (or the agent failed while signing); CONNECTION_LOST if the server went away
     */
    static void authenticate(SSHClient c, SshTarget t, Path socket, Duration timeout) {
        SshAgentClient agent;
        try {
            agent = SshAgentClient.connect(socket, timeout);
        } catch (IOException | RuntimeException e) {
            throw SshException.of(SshException.Kind.CONFIG, t, "cannot reach ssh-agent at " + socket
                    + " (SSH_AUTH_SOCK): " + reason(e) + "; is the agent running?", e);
        }
        try (agent) {
            List<Identity> ids;
            try {
                ids = agent.identities();
            } catch (IOException e) {
                throw SshException.of(SshException.Kind.CONFIG, t, "ssh-agent at " + socket
                        + " could not list its keys: " + reason(e), e);
            }
            if (ids.isEmpty()) {
                throw SshException.of(SshException.Kind.CONFIG, t, "ssh-agent at " + socket
                        + " has no keys (add one with ssh-add, or set ssh.keyPath)");
            }
            Method m = new Method(agent, ids);
            try {
                c.auth(t.user(), m);
            } catch (UserAuthException e) {
                if (m.agentError != null) {
                    throw SshException.of(SshException.Kind.AUTH_FAILED, t, "authentication failed for user "
                            + t.user() + ": ssh-agent at " + socket + " failed while signing: "
                            + reason(m.agentError), e);
                }
                throw SshException.of(SshException.Kind.AUTH_FAILED, t, "authentication failed for user " + t.user()
                        + " with the " + (ids.size() == 1 ? "key" : ids.size() + " keys") + " of ssh-agent ("
                        + String.join(", ", m.describeTried()) + ")", e);
            } catch (IOException e) {
                throw SshException.of(SshException.Kind.CONNECTION_LOST, t, "connection lost during authentication: "
                        + e.getMessage(), e);
            }
        }
    }

    private static String reason(Throwable e) {
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
    }

    /**
     * The public key algorithm to request for a key type and the sign flags that make the agent produce it: RSA keys
     * are used with rsa-sha2-256 (OpenSSH ≥ 8.8 refuses SHA-1 "ssh-rsa" signatures); every other type (ed25519,
     * ecdsa-sha2-*, sk-*, certificates) signs with the algorithm named like the key.
     */
    static String algorithm(String keyType) {
        return switch (keyType) {
            case "ssh-rsa" -> "rsa-sha2-256";
            case "ssh-rsa-cert-v01@openssh.com" -> "rsa-sha2-256-cert-v01@openssh.com";
            default -> keyType;
        };
    }

    static int signFlags(String keyType) {
        return keyType.startsWith("ssh-rsa") ? SshAgentClient.SSH_AGENT_RSA_SHA2_256 : 0;
    }

    /**
     * The SSHJ auth method. SSHJ calls {@link #request()} once; on SSH_MSG_USERAUTH_FAILURE it calls
     * {@link #shouldRetry()} and, if that says yes, {@link #request()} again — used here to move to the next key.
     * {@link #handle} runs on SSHJ's reader thread.
     */
    static final class Method extends AbstractAuthMethod {
        private final SshAgentClient agent;
        private final List<Identity> ids;
        private final List<String> refused = new ArrayList<>();
        private int current;
        private int offered;
        volatile IOException agentError;

        Method(SshAgentClient agent, List<Identity> ids) {
            super("publickey");
            this.agent = agent;
            this.ids = List.copyOf(ids);
        }

        /** Offers the current key without a signature (the server answers PK_OK or FAILURE). */
        @Override
        public void request() throws UserAuthException, TransportException {
            offered = Math.max(offered, current + 1);
            log.debug("Offering ssh-agent key {}", ids.get(current).describe());
            params.getTransport().write(request(ids.get(current), false));
        }

        @Override
        public void handle(Message msg, SSHPacket buf) throws UserAuthException, TransportException {
            if (msg != Message.USERAUTH_60) { // SSH_MSG_USERAUTH_PK_OK
                super.handle(msg, buf);
                return;
            }
            Identity id = ids.get(current);
            String keyType = id.keyType();
            SSHPacket req = request(id, true);
            // RFC 4252 section 7: the signature covers the session id followed by the request built so far
            byte[] data = new Buffer.PlainBuffer()
                    .putString(params.getTransport().getSessionID())
                    .putBuffer(req)
                    .getCompactData();
            byte[] signature;
            try {
                signature = agent.sign(id.blob(), data, signFlags(keyType));
            } catch (AgentRefusedException e) {
                refused.add(id.describe());
                if (next()) { // e.g. a confirm-only key the user declined: try the others, like ssh does
                    request();
                    return;
                }
                throw new UserAuthException(e.getMessage() + " with " + id.describe(), e);
            } catch (IOException e) {
                agentError = e;
                throw new UserAuthException("ssh-agent failed: " + e.getMessage(), e);
            }
            log.debug("Key accepted, sending request signed by ssh-agent");
            params.getTransport().write(req.putString(signature));
        }

        /** Called by SSHJ after USERAUTH_FAILURE: moves on to the next key, if any. */
        @Override
        public boolean shouldRetry() {
            return next();
        }

        private boolean next() {
            if (current + 1 >= ids.size()) {
                return false;
            }
            current++;
            return true;
        }

        private SSHPacket request(Identity id, boolean signed) throws UserAuthException {
            return super.buildReq() // USERAUTH_REQUEST, user, service, "publickey"
                    .putBoolean(signed)
                    .putString(algorithm(id.keyType()))
                    .putString(id.blob());
        }

        /** The keys offered so far, "type SHA256:..." each (marked when the agent refused to sign). */
        List<String> describeTried() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < offered; i++) {
                String d = ids.get(i).describe();
                out.add(refused.contains(d) ? d + " (agent refused to sign)" : d);
            }
            if (offered < ids.size()) {
                out.add((ids.size() - offered) + " not offered");
            }
            return out;
        }
    }
}
