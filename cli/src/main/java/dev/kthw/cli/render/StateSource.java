package dev.kthw.cli.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Read access to the kthw state directory's files by their state-relative path ({@code pki/ca.crt},
 * {@code kubeconfig/admin.kubeconfig}, {@code encryption-config.yaml}). Render treats them as opaque bytes.
 */
@FunctionalInterface
public interface StateSource {
    Optional<byte[]> read(String relativePath);

    static StateSource directory(Path dir) {
        return rel -> {
            Path p = dir.resolve(rel);
            try {
                return Optional.of(Files.readAllBytes(p));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
            }
        };
    }
}
