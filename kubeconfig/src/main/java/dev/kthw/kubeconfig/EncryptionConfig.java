package dev.kthw.kubeconfig;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The API server's secrets encryption config ({@code kind: EncryptionConfiguration},
 * {@code apiVersion: apiserver.config.k8s.io/v1}): Secrets are written with {@code aescbc} using a
 * 32-byte random key, {@code identity} is kept second so Secrets stored before encryption was
 * enabled stay readable.
 *
 * <p><b>Generated once, never regenerated.</b> {@link #loadOrCreate(Path)} creates the file only if
 * it does not exist; an existing file is read, validated and reused byte for byte. A corrupt file
 * is an error and is left untouched.
 *
 * <p><b>Losing this file (or its key) loses every Secret stored in the cluster</b>: etcd only holds
 * the ciphertext and nothing else can decrypt it. Back it up together with the CA. The file is
 * mode 0600 in a directory of mode 0700.
 */
public final class EncryptionConfig {

    /** Conventional file name, also the name used on the masters. */
    public static final String FILE_NAME = "encryption-config.yaml";
    public static final int KEY_BYTES = 32;
    static final String KIND = "EncryptionConfiguration";
    static final String API_VERSION = "apiserver.config.k8s.io/v1";
    static final String KEY_NAME = "key1";

    private static final DumpSettings DUMP_SETTINGS = DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setSplitLines(false)
            .setBestLineBreak("\n")
            .build();

    private final Path file;
    private final byte[] content;
    private final String keyName;
    private final byte[] key;
    private final WriteOutcome outcome;

    private EncryptionConfig(Path file, byte[] content, String keyName, byte[] key, WriteOutcome outcome) {
        this.file = file;
        this.content = content;
        this.keyName = keyName;
        this.key = key;
        this.outcome = outcome;
    }

    /**
     * Returns the config stored in {@code file}, creating it with a fresh random key if (and only
     * if) the file does not exist. Never overwrites an existing file, even one created concurrently.
     *
     * @throws KubeconfigException naming the file if it exists but is not a valid config, or on I/O errors
     */
    public static EncryptionConfig loadOrCreate(Path file) {
        return loadOrCreate(file, new SecureRandom());
    }

    static EncryptionConfig loadOrCreate(Path file, SecureRandom random) {
        Path dir = file.toAbsolutePath().getParent();
        byte[] existing = PrivateFiles.readIfExists(file);
        if (existing != null) {
            return loadExisting(file, existing);
        }
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        byte[] content = render(KEY_NAME, key).getBytes(StandardCharsets.UTF_8);
        PrivateFiles.ensurePrivateDir(dir);
        try {
            PrivateFiles.createNew(file, content);
        } catch (FileAlreadyExistsException raced) {
            Arrays.fill(key, (byte) 0);
            return loadExisting(file, PrivateFiles.readIfExists(file));
        }
        return new EncryptionConfig(file, content, KEY_NAME, key, WriteOutcome.CREATED);
    }

    /**
     * Reads and validates an existing config without creating anything.
     *
     * @throws KubeconfigException naming the file if it is missing or invalid
     */
    public static EncryptionConfig load(Path file) {
        byte[] existing = PrivateFiles.readIfExists(file);
        if (existing == null) {
            throw new KubeconfigException("encryption config " + file + " does not exist");
        }
        return loadExisting(file, existing);
    }

    private static EncryptionConfig loadExisting(Path file, byte[] content) {
        byte[][] keyOut = new byte[1][];
        String keyName = validate(file, content, keyOut);
        // only a valid file gets its modes corrected; a corrupt one stays exactly as found
        PrivateFiles.ensurePrivateDir(file.toAbsolutePath().getParent());
        PrivateFiles.ensureFileMode(file);
        return new EncryptionConfig(file, content, keyName, keyOut[0], WriteOutcome.UNCHANGED);
    }

    /** The file this config lives in. */
    public Path file() {
        return file;
    }

    /** {@link WriteOutcome#CREATED} if this call generated the key, else {@link WriteOutcome#UNCHANGED}. */
    public WriteOutcome outcome() {
        return outcome;
    }

    /** Name of the first (active) aescbc key. */
    public String keyName() {
        return keyName;
    }

    /** The first (active) aescbc key, {@value #KEY_BYTES} bytes. A copy. */
    public byte[] key() {
        return key.clone();
    }

    /** The exact file content, to copy to the masters. A copy. */
    public byte[] toBytes() {
        return content.clone();
    }

    public String toYaml() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** Does not print the key. */
    @Override
    public String toString() {
        return "EncryptionConfig[file=" + file + ", key=" + keyName + ", " + outcome + "]";
    }

    static String render(String keyName, byte[] key) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("name", keyName);
        k.put("secret", Base64.getEncoder().encodeToString(key));
        Map<String, Object> aescbc = new LinkedHashMap<>();
        aescbc.put("keys", List.of(k));
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("resources", List.of("secrets"));
        resource.put("providers", List.of(Map.of("aescbc", aescbc), Map.of("identity", Map.of())));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("kind", KIND);
        root.put("apiVersion", API_VERSION);
        root.put("resources", List.of(resource));
        return new Dump(DUMP_SETTINGS).dumpToString(root);
    }

    /**
     * Checks the structure this module writes: kind and apiVersion, a resources entry covering
     * {@code secrets} whose first provider is {@code aescbc} with at least one key, every key named
     * and decoding to exactly {@value #KEY_BYTES} bytes. Extra keys (rotation) are accepted.
     *
     * @return the first key's name; its bytes go to {@code keyOut[0]}
     */
    private static String validate(Path file, byte[] content, byte[][] keyOut) {
        Object doc;
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
            doc = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(text);
        } catch (CharacterCodingException e) {
            throw corrupt(file, "not UTF-8 text");
        } catch (YamlEngineException e) {
            throw corrupt(file, "not valid YAML (" + yamlProblem(e) + ")");
        }
        Map<?, ?> root = map(file, doc, "document");
        if (!KIND.equals(root.get("kind"))) {
            throw corrupt(file, "kind is not " + KIND);
        }
        if (!API_VERSION.equals(root.get("apiVersion"))) {
            throw corrupt(file, "apiVersion is not " + API_VERSION);
        }
        for (Object r : list(file, root.get("resources"), "resources")) {
            Map<?, ?> resource = map(file, r, "resources[]");
            if (!list(file, resource.get("resources"), "resources[].resources").contains("secrets")) {
                continue;
            }
            List<?> providers = list(file, resource.get("providers"), "providers");
            if (providers.isEmpty()) {
                throw corrupt(file, "no providers for secrets");
            }
            Map<?, ?> first = map(file, providers.get(0), "providers[0]");
            if (!first.containsKey("aescbc")) {
                throw corrupt(file, "first provider for secrets is not aescbc");
            }
            Map<?, ?> aescbc = map(file, first.get("aescbc"), "aescbc");
            List<?> keys = list(file, aescbc.get("keys"), "aescbc.keys");
            if (keys.isEmpty()) {
                throw corrupt(file, "aescbc has no keys");
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < keys.size(); i++) {
                Map<?, ?> k = map(file, keys.get(i), "aescbc.keys[" + i + "]");
                if (!(k.get("name") instanceof String name) || name.isBlank() || !names.add(name)) {
                    throw corrupt(file, "aescbc.keys[" + i + "] has a missing or duplicate name");
                }
                if (!(k.get("secret") instanceof String secret)) {
                    throw corrupt(file, "aescbc key " + name + " has no secret");
                }
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(secret);
                } catch (IllegalArgumentException e) {
                    throw corrupt(file, "aescbc key " + name + " is not base64");
                }
                if (bytes.length != KEY_BYTES) {
                    throw corrupt(file, "aescbc key " + name + " is " + bytes.length + " bytes, expected " + KEY_BYTES);
                }
                if (i == 0) {
                    keyOut[0] = bytes;
                }
            }
            return (String) map(file, keys.get(0), "aescbc.keys[0]").get("name");
        }
        throw corrupt(file, "no resources entry for secrets");
    }

    private static Map<?, ?> map(Path file, Object o, String what) {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw corrupt(file, what + " is not a mapping");
    }

    private static List<?> list(Path file, Object o, String what) {
        if (o instanceof List<?> l) {
            return l;
        }
        throw corrupt(file, what + " is not a list");
    }

    private static String yamlProblem(YamlEngineException e) {
        if (e instanceof MarkedYamlEngineException m && m.getProblem() != null) {
            return m.getProblem() + m.getProblemMark()
                    .map(mark -> " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)).orElse("");
        }
        String s = e.getMessage() == null ? "parse error" : e.getMessage();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static KubeconfigException corrupt(Path file, String why) {
        return new KubeconfigException("corrupt encryption config " + file + ": " + why
                + "; not overwritten (it holds the key to every Secret: restore it from backup)");
    }
}
