package dev.kthw.cli.render;

import java.util.regex.Pattern;

/** A plain {@code MAJOR.MINOR[.PATCH]} release version of a component (etcd, containerd, ...), for gating. */
public record SemVer(int major, int minor, int patch) implements Comparable<SemVer> {
    private static final Pattern FORMAT = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    public static SemVer parse(String text) {
        var m = text == null ? null : FORMAT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a version (expected MAJOR.MINOR.PATCH)");
        }
        return new SemVer(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    public boolean atLeast(int major, int minor) {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    public boolean below(int major, int minor) {
        return !atLeast(major, minor);
    }

    @Override
    public int compareTo(SemVer o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
