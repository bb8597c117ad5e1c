package dev.kthw.cli.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One file for a node: its absolute path on the node, content, mode, owner and group.
 *
 * @param source {@link Source#TEMPLATE} (rendered by kthw) or {@link Source#STATE} (copied verbatim from the
 *               state directory: certificates, keys, kubeconfigs, the encryption config)
 * @param origin the template name or the state-relative path it came from
 */
public record NodeFile(String path, byte[] content, int mode, String owner, String group, Source source, String origin) {
    public enum Source { TEMPLATE, STATE }

    public NodeFile {
        if (!path.startsWith("/") || path.contains("/../") || path.endsWith("/")) {
            throw new IllegalArgumentException("not an absolute file path: " + path);
        }
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** True for files nobody but root may read (keys, kubeconfigs, the encryption config). */
    public boolean secret() {
        return (mode & 0077) == 0;
    }

    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String modeString() {
        return String.format("%04o", mode);
    }
}
