package dev.kthw.cli.inventory;

import java.util.regex.Pattern;

/**
 * A Kubernetes version as the inventory gives it: {@code "1.36"} (the newest patch the catalog knows) or
 * {@code "1.36.2"}. Always read from a YAML string, never a float (SnakeYAML would read 1.30 as 1.3).
 */
public record KubernetesVersion(int major, int minor, Integer patch) implements Comparable<KubernetesVersion> {
    private static final Pattern FORMAT = Pattern.compile("v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:\\.(0|[1-9]\\d*))?");

    /** Oldest and newest minor the templates support (1.21 = the seed; 1.36 = current stable). */
    public static final int MIN_MINOR = 21;
    public static final int MAX_MINOR = 36;

    public static KubernetesVersion parse(String text) {
        var m = text == null ? null : FORMAT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a Kubernetes version (expected \"1.36\" or \"1.36.2\", quoted)");
        }
        return new KubernetesVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? null : Integer.valueOf(m.group(3)));
    }

    public boolean supported() {
        return major == 1 && minor >= MIN_MINOR && minor <= MAX_MINOR;
    }

    /** "1.36" */
    public String minorString() {
        return major + "." + minor;
    }

    public boolean atLeast(int major, int minor) {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    public boolean below(int major, int minor) {
        return !atLeast(major, minor);
    }

    @Override
    public int compareTo(KubernetesVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Integer.compare(patch == null ? -1 : patch, o.patch == null ? -1 : o.patch);
        }
        return c;
    }

    @Override
    public String toString() {
        return patch == null ? minorString() : minorString() + "." + patch;
    }
}
