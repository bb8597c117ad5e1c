package dev.kthw.pki;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user's local state directory (CA keys, client keys, kubeconfigs): private, locked, and written atomically.
 *
 * <ul>
 *   <li>{@link #open} creates the directory with mode 0700 (an existing one that is group/world accessible is
 *       tightened to 0700, see {@link #permissionsTightened()}) and takes an exclusive lock on {@code .lock}.</li>
 *   <li>Every write goes to a temp file in the target directory that is created with its final mode (0600 for
 *       secrets, 0644 otherwise), is fsynced, and is renamed over the target with {@code ATOMIC_MOVE}.
 *       Subdirectories are 0700.</li>
 * </ul>
 * On file systems without POSIX permissions (Windows) the modes are skipped; atomicity and locking remain.
 */
public final class StateDir implements AutoCloseable {
    public static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> SECRET_MODE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> PUBLIC_MODE = PosixFilePermissions.fromString("rw-r--r--");
    static final String LOCK_FILE = ".lock";

    /** Real paths of the state directories locked by this JVM. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path root;
    private final Path lockKey;
    private final boolean posix;
    private final boolean tightened;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private boolean closed;

    private StateDir(Path root, Path lockKey, boolean posix, boolean tightened, FileChannel lockChannel,
            FileLock lock) {
        this.root = root;
        this.lockKey = lockKey;
        this.posix = posix;
        this.tightened = tightened;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating if needed) the state directory and locks it against other kthw runs.
     *
     * @throws StateLockedException if another process, or another {@code StateDir} in this JVM, holds the lock
     * @throws PkiException         if the directory cannot be created or is not a directory
     */
    private static boolean isEmpty(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** A user-facing reason for an I/O failure, without Java class names. */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    public static StateDir open(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        boolean posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
        boolean tightened = false;
        try {
            if (Files.exists(root)) {
                if (!Files.isDirectory(root)) {
                    throw new PkiException("state directory " + root + " exists but is not a directory");
                }
                if (!Files.exists(root.resolve(LOCK_FILE)) && !isEmpty(root)) {
                    throw new PkiException("state directory " + root + " is not empty and is not a kthw state directory"
                            + " (it has no " + LOCK_FILE + "); give --state a new or empty directory");
                }
                if (posix) {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(root);
                    if (!perms.equals(DIR_MODE)) {
                        Files.setPosixFilePermissions(root, DIR_MODE);
                        tightened = true;
                    }
                }
            } else {
                createDirs(root, posix);
            }
        } catch (IOException e) {
            throw new PkiException("cannot create state directory " + root + ": " + reason(e), e);
        }
        // POSIX record locks belong to the process and are dropped when *any* descriptor of the lock file is
        // closed, so a second open in this JVM must not even open the file: check an in-JVM registry first.
        Path key;
        try {
            key = root.toRealPath();
        } catch (IOException e) {
            throw new PkiException("cannot resolve state directory " + root + ": " + reason(e), e);
        }
        if (!HELD.add(key)) {
            throw locked(root, null);
        }
        boolean ok = false;
        try {
            StateDir sd = lock(root, key, posix, tightened);
            ok = true;
            return sd;
        } finally {
            if (!ok) {
                HELD.remove(key);
            }
        }
    }

    private static StateDir lock(Path root, Path key, boolean posix, boolean tightened) {
        Path lockFile = root.resolve(LOCK_FILE);
        FileChannel channel;
        try {
            channel = posix
                    ? FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                            PosixFilePermissions.asFileAttribute(SECRET_MODE))
                    : FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new PkiException("cannot open lock file " + lockFile + ": " + reason(e), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // something else in this JVM locked the file outside StateDir; closing our channel would drop that
            // process-wide lock, so this channel is deliberately left open
            throw locked(root, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new PkiException("cannot lock " + lockFile + ": " + reason(e), e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw locked(root, null);
        }
        return new StateDir(root, key, posix, tightened, channel, lock);
    }

    private static StateLockedException locked(Path root, Throwable cause) {
        return new StateLockedException("state directory " + root + " is locked by another kthw run", cause);
    }

    /** Absolute path of the directory. */
    public Path root() {
        return root;
    }

    /** True if {@link #open} found the directory group/world accessible and changed it to 0700. */
    public boolean permissionsTightened() {
        return tightened;
    }

    /** Absolute path of a file inside the directory; rejects absolute paths and paths escaping the directory. */
    public Path resolve(String relativePath) {
        Path rel = root.getFileSystem().getPath(relativePath);
        Path p = root.resolve(rel).normalize();
        if (rel.isAbsolute() || !p.startsWith(root) || p.equals(root)) {
            throw new PkiException("path " + relativePath + " is not inside state directory " + root);
        }
        return p;
    }

    public boolean exists(String relativePath) {
        return Files.exists(resolve(relativePath), LinkOption.NOFOLLOW_LINKS);
    }

    /** Contents of a file, or empty if it does not exist. */
    public Optional<byte[]> read(String relativePath) {
        checkOpen();
        Path p = resolve(relativePath);
        try {
            return Optional.of(Files.readAllBytes(p));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new PkiException("cannot read " + p + ": " + reason(e), e);
        }
    }

    /**
     * Atomically replaces (or creates) a file: temp file with the final mode, fsync, rename. A reader sees the old or
     * the new content, never a mix; a crash leaves at most a stray {@code .*.tmp} file.
     *
     * @param secret 0600 if true, 0644 otherwise
     */
    public void writeAtomically(String relativePath, byte[] content, boolean secret) {
        write(relativePath, content, secret, true);
    }

    /**
     * Like {@link #writeAtomically} but leaves the file alone (and returns false) if it already has exactly this
     * content and mode.
     */
    public boolean writeIfChanged(String relativePath, byte[] content, boolean secret) {
        checkOpen();
        Path p = resolve(relativePath);
        Optional<byte[]> current = read(relativePath);
        if (current.isPresent() && Arrays.equals(current.get(), content) && hasMode(p, secret)) {
            return false;
        }
        writeAtomically(relativePath, content, secret);
        return true;
    }

    /** Writes a file that must not exist yet (for material that must never be replaced, like a CA key). */
    public void writeOnce(String relativePath, byte[] content, boolean secret) {
        write(relativePath, content, secret, false);
    }

    private void write(String relativePath, byte[] content, boolean secret, boolean replace) {
        checkOpen();
        Path target = resolve(relativePath);
        if (!replace && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new PkiException("refusing to overwrite existing " + target);
        }
        Path parent = target.getParent();
        Path tmp = null;
        try {
            createDirs(parent, posix);
            Set<PosixFilePermission> mode = secret ? SECRET_MODE : PUBLIC_MODE;
            FileAttribute<?>[] attrs = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
                    : new FileAttribute<?>[0];
            tmp = Files.createTempFile(parent, "." + target.getFileName() + ".", ".tmp", attrs);
            if (posix) {
                // the umask may have cleared bits of the requested mode; set it exactly (file is still empty)
                Files.setPosixFilePermissions(tmp, mode);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (replace) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // a hard link fails atomically if the target appeared meanwhile
                try {
                    Files.createLink(target, tmp);
                } catch (FileAlreadyExistsException e) {
                    throw e;
                } catch (UnsupportedOperationException | FileSystemException e) {
                    // no hard links on this file system: the lock already excludes other kthw runs
                    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new FileAlreadyExistsException(target.toString());
                    }
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.deleteIfExists(tmp);
            }
            tmp = null;
            fsyncDir(parent);
        } catch (FileAlreadyExistsException e) {
            throw new PkiException("refusing to overwrite existing " + target, e);
        } catch (AtomicMoveNotSupportedException e) {
            throw new PkiException("cannot atomically write " + target + ": file system does not support it", e);
        } catch (IOException e) {
            throw new PkiException("cannot write " + target + ": " + reason(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private boolean hasMode(Path p, boolean secret) {
        if (!posix) {
            return true;
        }
        try {
            return Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)
                    .equals(secret ? SECRET_MODE : PUBLIC_MODE);
        } catch (IOException e) {
            return false;
        }
    }

    private static void createDirs(Path dir, boolean posix) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null && !Files.exists(parent)) {
            createDirs(parent, posix);
        }
        if (posix) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            Files.setPosixFilePermissions(dir, DIR_MODE);
        } else {
            Files.createDirectory(dir);
        }
    }

    private static void fsyncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported everywhere (e.g. Windows); the file itself is already fsynced
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("state directory " + root + " is closed");
        }
    }

    /** Releases the lock. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it as well
        } finally {
            closeQuietly(lockChannel);
            HELD.remove(lockKey);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
