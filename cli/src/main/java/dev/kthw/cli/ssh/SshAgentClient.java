package dev.kthw.cli.ssh;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A minimal ssh-agent client (draft-miller-ssh-agent) over a UNIX domain socket, written by hand so kthw needs no
 * native/JNA agent library: it can list the agent's keys and ask it to sign. Key blobs are treated as opaque bytes
 * (only their type name is read), so every key type the agent holds can be offered to a server.
 *
 * <p>Every request waits at most {@code timeout} for the agent's answer (a hung agent must not hang a connect).
 * Not thread-safe: one connection per authentication.
 */
final class SshAgentClient implements AutoCloseable {

    static final byte SSH_AGENT_FAILURE = 5;
    static final byte SSH_AGENTC_REQUEST_IDENTITIES = 11;
    static final byte SSH_AGENT_IDENTITIES_ANSWER = 12;
    static final byte SSH_AGENTC_SIGN_REQUEST = 13;
    static final byte SSH_AGENT_SIGN_RESPONSE = 14;
    static final int SSH_AGENT_RSA_SHA2_256 = 2;
    static final int SSH_AGENT_RSA_SHA2_512 = 4;

    /** Upper bound for one agent message (OpenSSH's agent uses 256 KiB too). */
    private static final int MAX_MESSAGE = 256 * 1024;

    /** One key the agent holds. */
    record Identity(byte[] blob, String comment) {

        /** The key type named inside the blob, e.g. {@code ssh-ed25519}, {@code ssh-rsa}. */
        String keyType() {
            try {
                return new Reader(ByteBuffer.wrap(blob)).string();
            } catch (IOException e) {
                return "unknown";
            }
        }

        /** {@code SHA256:<base64>} as {@code ssh-add -l} prints it. */
        String fingerprint() {
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
                return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** "ssh-ed25519 SHA256:..." for messages. */
        String describe() {
            return keyType() + " " + fingerprint();
        }
    }

    /** The agent answered, but with SSH_AGENT_FAILURE (or something unexpected). */
    static final class AgentRefusedException extends IOException {
        AgentRefusedException(String message) {
            super(message);
        }
    }

    private final Path socket;
    private final SocketChannel channel;
    private final Selector selector;
    private final long timeoutMs;

    private SshAgentClient(Path socket, SocketChannel channel, Selector selector, Duration timeout) {
        this.socket = socket;
        this.channel = channel;
        this.selector = selector;
        this.timeoutMs = Math.max(1, timeout.toMillis());
    }

    /** Connects to the agent listening on {@code socket}. */
    static SshAgentClient connect(Path socket, Duration timeout) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket)); // blocking; local, so immediate
            ch.configureBlocking(false);
            Selector sel = Selector.open();
            ch.register(sel, 0);
            return new SshAgentClient(socket, ch, sel, timeout);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    Path socket() {
        return socket;
    }

    /** SSH_AGENTC_REQUEST_IDENTITIES: the keys the agent holds, in the agent's order. */
    List<Identity> identities() throws IOException {
        ByteBuffer answer = call(new Writer().put(SSH_AGENTC_REQUEST_IDENTITIES));
        byte type = answer.get();
        if (type != SSH_AGENT_IDENTITIES_ANSWER) {
            throw new AgentRefusedException("ssh-agent refused to list its keys (answer type " + type + ")");
        }
        Reader r = new Reader(answer);
        int n = r.uint32();
        if (n < 0 || n > 10_000) {
            throw new IOException("ssh-agent sent a bad key count " + Integer.toUnsignedString(n));
        }
        List<Identity> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] blob = r.bytes();
            String comment = new String(r.bytes(), StandardCharsets.UTF_8);
            ids.add(new Identity(blob, comment));
        }
        return ids;
    }

    /**
     * SSH_AGENTC_SIGN_REQUEST: the agent signs {@code data} with the key {@code blob}. Returns the signature in
     * SSH wire format ({@code string algorithm, string signature}), ready to be sent to the server.
     */
    byte[] sign(byte[] blob, byte[] data, int flags) throws IOException {
        ByteBuffer answer = call(new Writer().put(SSH_AGENTC_SIGN_REQUEST).string(blob).string(data).uint32(flags));
        byte type = answer.get();
        if (type != SSH_AGENT_SIGN_RESPONSE) {
            throw new AgentRefusedException("ssh-agent refused to sign" + (type == SSH_AGENT_FAILURE ? ""
                    : " (answer type " + type + ")"));
        }
        return new Reader(answer).bytes();
    }

    /** Sends one framed request and returns the answer's payload (type byte first). */
    private ByteBuffer call(Writer request) throws IOException {
        byte[] body = request.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                await(SelectionKey.OP_WRITE, deadline);
            }
        }
        ByteBuffer len = ByteBuffer.allocate(4);
        readFully(len, deadline);
        int n = len.flip().getInt();
        if (n <= 0 || n > MAX_MESSAGE) {
            throw new IOException("ssh-agent sent a bad message length " + Integer.toUnsignedString(n));
        }
        ByteBuffer payload = ByteBuffer.allocate(n);
        readFully(payload, deadline);
        return payload.flip();
    }

    private void readFully(ByteBuffer b, long deadline) throws IOException {
        while (b.hasRemaining()) {
            int n = channel.read(b);
            if (n < 0) {
                throw new IOException("ssh-agent closed the connection");
            }
            if (n == 0) {
                await(SelectionKey.OP_READ, deadline);
            }
        }
    }

    private void await(int op, long deadline) throws IOException {
        long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
        if (leftMs <= 0) {
            throw new IOException("ssh-agent did not answer within " + timeoutMs + " ms");
        }
        SelectionKey key = channel.keyFor(selector);
        key.interestOps(op);
        selector.select(leftMs);
        selector.selectedKeys().clear();
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // ---------------------------------------------------------------- wire format (RFC 4251 section 5)

    static final class Writer {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        Writer put(byte b) {
            out.write(b);
            return this;
        }

        Writer uint32(int v) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Writer string(byte[] b) {
            uint32(b.length);
            out.write(b, 0, b.length);
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    static final class Reader {
        private final ByteBuffer b;

        Reader(ByteBuffer b) {
            this.b = b;
        }

        int uint32() throws IOException {
            if (b.remaining() < 4) {
                throw new IOException("truncated ssh-agent message");
            }
            return b.getInt();
        }

        byte[] bytes() throws IOException {
            int n = uint32();
            if (n < 0 || n > b.remaining()) {
                throw new IOException("truncated ssh-agent message");
            }
            byte[] out = new byte[n];
            b.get(out);
            return out;
        }

        String string() throws IOException {
            return new String(bytes(), StandardCharsets.UTF_8);
        }
    }
}
