package dev.kthw.cli.render;

import java.util.Objects;

/**
 * Where a component's release artifact and its checksum file live. Patterns use {@code {version}},
 * {@code {arch}} and (Kubernetes binaries only) {@code {binary}}.
 *
 * @param checksumFormat {@code sha256-bare} (the file holds just the hex digest) or {@code sha256sum-list}
 *                       (lines of {@code DIGEST  FILENAME}, as written by sha256sum)
 */
public record Download(String component, String urlPattern, String checksumPattern, String checksumFormat) {

    public String url(String version, String arch) {
        return url(version, arch, null);
    }

    public String url(String version, String arch, String binary) {
        return expand(urlPattern, version, arch, binary);
    }

    public String checksumUrl(String version, String arch, String binary) {
        return expand(checksumPattern, version, arch, binary);
    }

    private String expand(String pattern, String version, String arch, String binary) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(arch, "arch");
        String out = pattern.replace("{version}", version).replace("{arch}", arch);
        if (out.contains("{binary}")) {
            if (binary == null) {
                throw new IllegalArgumentException(component + " download needs a binary name");
            }
            out = out.replace("{binary}", binary);
        }
        return out;
    }
}
