package dev.kthw.cli.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

import dev.kthw.cli.ExitCode;
import dev.kthw.cli.KthwException;
import dev.kthw.cli.inventory.KubernetesVersion;

/**
 * The version catalog ({@code catalog/versions.yaml} on the classpath): per Kubernetes minor, the versions of etcd,
 * containerd, runc, CNI plugins, crictl, CoreDNS and pause, plus download URL patterns. Read with the failsafe
 * schema, so every scalar is a string and "1.30" never becomes 1.3.
 */
public final class VersionCatalog {
    public static final String RESOURCE = "/catalog/versions.yaml";
    static final List<String> COMPONENTS = List.of("kubernetes", "etcd", "containerd", "runc", "cniPlugins", "crictl");
    private static final List<String> PROFILE_KEYS = List.of("kubernetes", "etcd", "containerd", "runc", "cniPlugins",
            "crictl", "coredns", "pause", "cgroupDriver", "runtime", "resolvConf");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?");
    private static final Pattern MINOR = Pattern.compile("1\\.\\d+");

    private final Map<String, VersionProfile> profiles;
    private final List<String> arches;

    private VersionCatalog(Map<String, VersionProfile> profiles, List<String> arches) {
        this.profiles = profiles;
        this.arches = arches;
    }

    private static volatile VersionCatalog builtin;

    /** The catalog shipped in the jar (loaded once). */
    public static VersionCatalog builtin() {
        VersionCatalog c = builtin;
        if (c == null) {
            try (InputStream in = VersionCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                c = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + RESOURCE, e);
            }
            builtin = c;
        }
        return c;
    }

    /** Parses catalog text; a malformed catalog is an {@link IllegalArgumentException} naming the key. */
    public static VersionCatalog parse(String yaml, String label) {
        LoadSettings settings = LoadSettings.builder().setSchema(new FailsafeSchema()).setAllowDuplicateKeys(false)
                .setLabel(label).build();
        Object root;
        try {
            root = new Load(settings).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(label + ": YAML syntax: " + e.getMessage(), e);
        }
        Map<String, Object> top = map(root, label, "(top)");
        Map<String, Object> dl = map(top.get("downloads"), label, "downloads");
        List<String> arches = new ArrayList<>();
        Object archList = dl.get("arches");
        if (!(archList instanceof List<?> l) || l.isEmpty()) {
            throw new IllegalArgumentException(label + ": downloads.arches must be a list");
        }
        l.forEach(a -> arches.add(String.valueOf(a)));
        Map<String, Download> downloads = new LinkedHashMap<>();
        for (String component : COMPONENTS) {
            Map<String, Object> d = map(dl.get(component), label, "downloads." + component);
            String url = string(d, "url", label, "downloads." + component);
            String sum = string(d, "checksum", label, "downloads." + component);
            String fmt = string(d, "checksumFormat", label, "downloads." + component);
            if (!url.startsWith("https://") || !url.contains("{version}") || !url.contains("{arch}")) {
                throw new IllegalArgumentException(label + ": downloads." + component
                        + ".url must be https:// and contain {version} and {arch}: " + url);
            }
            if (!sum.startsWith("https://") || !sum.contains("{version}")) {
                throw new IllegalArgumentException(label + ": downloads." + component
                        + ".checksum must be https:// and contain {version}: " + sum);
            }
            if (!Set.of("sha256-bare", "sha256sum-list").contains(fmt)) {
                throw new IllegalArgumentException(label + ": downloads." + component + ".checksumFormat: " + fmt);
            }
            downloads.put(component, new Download(component, url, sum, fmt));
        }
        Map<String, Download> dls = Collections.unmodifiableMap(downloads);

        Map<String, Object> ps = map(top.get("profiles"), label, "profiles");
        Map<String, VersionProfile> profiles = new TreeMap<>(VersionCatalog::compareMinor);
        for (Map.Entry<String, Object> e : ps.entrySet()) {
            String minor = e.getKey();
            String where = "profiles." + minor;
            if (!MINOR.matcher(minor).matches()) {
                throw new IllegalArgumentException(label + ": " + where + ": not a Kubernetes minor like \"1.36\"");
            }
            Map<String, Object> p = map(e.getValue(), label, where);
            for (String k : p.keySet()) {
                if (!PROFILE_KEYS.contains(k)) {
                    throw new IllegalArgumentException(label + ": " + where + ": unknown key " + k);
                }
            }
            Map<String, String> v = new LinkedHashMap<>();
            for (String k : PROFILE_KEYS) {
                v.put(k, string(p, k, label, where));
            }
            for (String k : List.of("kubernetes", "etcd", "containerd", "runc", "cniPlugins", "crictl", "coredns", "pause")) {
                if (!VERSION.matcher(v.get(k)).matches()) {
                    throw new IllegalArgumentException(label + ": " + where + "." + k + ": '" + v.get(k)
                            + "' is not a version like 1.2.3 (no leading v)");
                }
            }
            if (!v.get("kubernetes").startsWith(minor + ".")) {
                throw new IllegalArgumentException(label + ": " + where + ".kubernetes: " + v.get("kubernetes")
                        + " is not a " + minor + " release");
            }
            if (!Set.of("systemd", "cgroupfs").contains(v.get("cgroupDriver"))) {
                throw new IllegalArgumentException(label + ": " + where + ".cgroupDriver: systemd or cgroupfs");
            }
            if (!Set.of("runc-v2", "linux-v1").contains(v.get("runtime"))) {
                throw new IllegalArgumentException(label + ": " + where + ".runtime: runc-v2 or linux-v1");
            }
            if (v.get("runtime").equals("linux-v1") && !v.get("containerd").startsWith("1.")) {
                throw new IllegalArgumentException(label + ": " + where
                        + ".runtime: linux-v1 (io.containerd.runtime.v1.linux) was removed in containerd 2.0");
            }
            if (v.get("runtime").equals("linux-v1") && v.get("cgroupDriver").equals("systemd")) {
                throw new IllegalArgumentException(label + ": " + where
                        + ": the linux-v1 runtime is configured for cgroupfs only; use runc-v2 with systemd");
            }
            profiles.put(minor, new VersionProfile(minor, v.get("kubernetes"), v.get("etcd"), v.get("containerd"),
                    v.get("runc"), v.get("cniPlugins"), v.get("crictl"), v.get("coredns"), v.get("pause"),
                    v.get("cgroupDriver"), v.get("runtime"), v.get("resolvConf"), dls));
        }
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException(label + ": no profiles");
        }
        return new VersionCatalog(Collections.unmodifiableMap(profiles), List.copyOf(arches));
    }

    private static int compareMinor(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        int c = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
        return c != 0 ? c : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String label, String where) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException(label + ": " + where + " must be a mapping");
        }
        return (Map<String, Object>) o;
    }

    private static String string(Map<String, Object> m, String key, String label, String where) {
        Object v = m.get(key);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException(label + ": " + where + "." + key + " is missing or not a string");
        }
        return s;
    }

    /** Minors in order, e.g. [1.21, ..., 1.36]. */
    public List<String> minors() {
        return List.copyOf(profiles.keySet());
    }

    public List<String> arches() {
        return arches;
    }

    /**
     * The profile for an inventory's version: "1.36" gets the catalog's patch, "1.36.2" keeps its own patch.
     *
     * @throws KthwException (bad input) when the catalog has no such minor
     */
    public VersionProfile profile(KubernetesVersion version) {
        VersionProfile p = profiles.get(version.minorString());
        if (p == null) {
            List<String> m = minors();
            throw new KthwException(ExitCode.INVALID_INPUT, "Kubernetes " + version + " is not in kthw's version catalog"
                    + " (known minors: " + m.get(0) + " .. " + m.get(m.size() - 1) + ")");
        }
        return version.patch() == null ? p : p.withKubernetes(version.toString());
    }

    public VersionProfile profile(String version) {
        return profile(KubernetesVersion.parse(version));
    }
}
