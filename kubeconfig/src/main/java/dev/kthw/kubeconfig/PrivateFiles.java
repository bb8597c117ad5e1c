package dev.kthw.kubeconfig;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * All disk writes of this module: files holding private keys, mode 0600, in a directory of mode
 * 0700, written atomically (temp file in the same directory, created 0600 from the start, fsync,
 * rename). Kept in one small class so it can later be swapped for the pki module's {@code StateDir}.
 *
 * <p>POSIX file systems only (Linux, macOS); anything else fails loudly rather than writing keys
 * with default permissions.
 */
final class PrivateFiles {

    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private static final FileAttribute<Set<PosixFilePermission>> FILE_ATTR =
            PosixFilePermissions.asFileAttribute(FILE_MODE);
    private static final FileAttribute<Set<PosixFilePermission>> DIR_ATTR =
            PosixFilePermissions.asFileAttribute(DIR_MODE);

    private PrivateFiles() {}

    /**
     * Creates {@code dir} (and missing parents) with mode 0700, or tightens an existing directory
     * to 0700: it will hold private keys.
     */
    static void ensurePrivateDir(Path dir) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new KubeconfigException("not a directory: " + dir);
            }
            if (!Files.exists(dir)) {
                Files.createDirectories(dir, DIR_ATTR);
            }
            // createDirectories is subject to the umask; set the mode explicitly either way
            if (!Files.getPosixFilePermissions(dir).equals(DIR_MODE)) {
                Files.setPosixFilePermissions(dir, DIR_MODE);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw KubeconfigException.io("prepare directory", dir, e);
        }
    }

    /** Content of a regular file, or {@code null} if it does not exist. Symlinks are refused. */
    static byte[] readIfExists(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new KubeconfigException("not a regular file (symlink or directory?): " + file);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw KubeconfigException.io("read", file, e);
        }
    }

    /**
     * Writes {@code content} to {@code file} unless it already holds exactly these bytes. An
     * unchanged file is not rewritten (its mtime stays), only its mode is corrected to 0600 if needed.
     */
    static WriteOutcome writeIfChanged(Path file, byte[] content) {
        byte[] old = readIfExists(file);
        if (old != null && Arrays.equals(old, content)) {
            ensureFileMode(file);
            return WriteOutcome.UNCHANGED;
        }
        Path tmp = writeTemp(file, content);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw KubeconfigException.io("write", file, e);
        }
        syncDir(file);
        return old == null ? WriteOutcome.CREATED : WriteOutcome.CHANGED;
    }

    /**
     * Creates {@code file} with {@code content}, never replacing an existing file (even one created
     * concurrently): the complete temp file is hard-linked into place, which fails if the name exists.
     *
     * @throws FileAlreadyExistsException if {@code file} exists
     */
    static void createNew(Path file, byte[] content) throws FileAlreadyExistsException {
        Path tmp = writeTemp(file, content);
        try {
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException | UnsupportedOperationException e) {
            throw KubeconfigException.io("create", file, e);
        } finally {
            deleteQuietly(tmp);
        }
        syncDir(file);
    }

    static void ensureFileMode(Path file) {
        try {
            if (!Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(FILE_MODE)) {
                Files.setPosixFilePermissions(file, FILE_MODE);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw KubeconfigException.io("set mode 0600 on", file, e);
        }
    }

    /** A complete, fsynced temp file next to {@code file}, mode 0600 from creation on. */
    private static Path writeTemp(Path file, byte[] content) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", FILE_ATTR);
        } catch (IOException | UnsupportedOperationException e) {
            throw KubeconfigException.io("create temp file for", file, e);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw KubeconfigException.io("write temp file for", file, e);
        }
        return tmp;
    }

    /** Makes the rename durable. Best effort: not every platform can open a directory. */
    private static void syncDir(Path file) {
        try (FileChannel ch = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // the data itself was fsynced; losing only the rename on power loss is acceptable
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // a stray dot-file is harmless and mode 0600
        }
    }
}
