package dev.kthw.kubeconfig;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * One kubeconfig: one cluster, one user authenticating with a client certificate, one context
 * {@value #CONTEXT} selecting both, and {@code current-context: default}.
 *
 * <p>The PEM inputs are embedded verbatim as base64 ({@code *-data} fields), so decoding a field
 * gives back the exact input bytes. {@link #toYaml()} is deterministic: the same inputs always give
 * byte-identical text, which is what lets {@link KubeconfigWriter} skip unchanged files.
 *
 * @param clusterName name of the cluster entry, e.g. {@code kubernetes-the-hard-way}
 * @param server      API server URL, e.g. {@code https://10.0.0.10:6443}
 * @param userName    name of the user entry, e.g. {@code admin} or {@code system:node:worker-0}
 * @param caPem       CA certificate, PEM
 * @param certPem     client certificate, PEM
 * @param keyPem      client private key, PEM (never printed by {@link #toString()})
 */
public record Kubeconfig(String clusterName, String server, String userName,
                         String caPem, String certPem, String keyPem) {

    /** The only context of every kubeconfig written here. */
    public static final String CONTEXT = "default";

    private static final DumpSettings DUMP_SETTINGS = DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setSplitLines(false)          // base64 data stays on one line
            .setBestLineBreak("\n")
            .build();

    public Kubeconfig {
        requireText("clusterName", clusterName);
        requireText("server", server);
        requireText("userName", userName);
        if (!server.startsWith("https://")) {
            throw new IllegalArgumentException("server must be an https:// URL: " + server);
        }
        requirePem("caPem", caPem, "CERTIFICATE");
        requirePem("certPem", certPem, "CERTIFICATE");
        requirePem("keyPem", keyPem, "PRIVATE KEY");
    }

    /** Same as the canonical constructor, for PEM held as bytes (ASCII). */
    public static Kubeconfig of(String clusterName, String server, String userName,
                                byte[] caPem, byte[] certPem, byte[] keyPem) {
        return new Kubeconfig(clusterName, server, userName, ascii(caPem), ascii(certPem), ascii(keyPem));
    }

    /** The kubeconfig as YAML text (block style, {@code \n} line ends, deterministic). */
    public String toYaml() {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("certificate-authority-data", b64(caPem));
        cluster.put("server", server);

        Map<String, Object> user = new LinkedHashMap<>();
        user.put("client-certificate-data", b64(certPem));
        user.put("client-key-data", b64(keyPem));

        Map<String, Object> context = new LinkedHashMap<>();
        context.put("cluster", clusterName);
        context.put("user", userName);

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "v1");
        root.put("kind", "Config");
        root.put("clusters", List.of(named(clusterName, "cluster", cluster)));
        root.put("users", List.of(named(userName, "user", user)));
        root.put("contexts", List.of(named(CONTEXT, "context", context)));
        root.put("current-context", CONTEXT);
        return new Dump(DUMP_SETTINGS).dumpToString(root);
    }

    /** {@link #toYaml()} as UTF-8 bytes, i.e. the file content. */
    public byte[] toBytes() {
        return toYaml().getBytes(StandardCharsets.UTF_8);
    }

    /** Does not print the private key. */
    @Override
    public String toString() {
        return "Kubeconfig[cluster=" + clusterName + ", server=" + server + ", user=" + userName + "]";
    }

    private static Map<String, Object> named(String name, String key, Map<String, Object> body) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, body);
        m.put("name", name);
        return m;
    }

    private static String b64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    private static String ascii(byte[] pem) {
        Objects.requireNonNull(pem, "pem");
        for (byte b : pem) {
            if (b < 0) {
                throw new IllegalArgumentException("PEM must be ASCII");
            }
        }
        return new String(pem, StandardCharsets.US_ASCII);
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        if (!value.strip().equals(value) || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " must not contain whitespace at the ends or control characters");
        }
    }

    private static void requirePem(String what, String pem, String typeSuffix) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        if (!pem.chars().allMatch(c -> c < 128)) {
            throw new IllegalArgumentException(what + " must be ASCII PEM");
        }
        int begin = pem.indexOf("-----BEGIN ");
        int eol = begin < 0 ? -1 : pem.indexOf("-----", begin + 11);
        if (eol < 0 || !pem.substring(begin + 11, eol).endsWith(typeSuffix)) {
            throw new IllegalArgumentException(what + " is not a PEM " + typeSuffix);
        }
        if (pem.contains("ENCRYPTED")) {
            throw new IllegalArgumentException(what + " is encrypted; kubectl needs an unencrypted key");
        }
    }
}
