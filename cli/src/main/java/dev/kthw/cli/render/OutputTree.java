package dev.kthw.cli.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.kthw.cli.ExitCode;
import dev.kthw.cli.KthwException;

/**
 * Writes a {@link RenderResult} to disk: {@code OUT/<host>/<absolute node path>}, {@code OUT/<host>.manifest},
 * {@code OUT/cluster/<add-on>.yaml}. The tree is replaced as a whole on every run (so no stale file survives) and
 * is recognised by the marker file {@value #MARKER}; a non-empty directory without it is never touched.
 * Secrets (node mode without group/other bits) are 0600 locally too; everything else 0644; directories 0700.
 */
public final class OutputTree {
    public static final String MARKER = ".kthw-render";
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private OutputTree() {
    }

    /** Writes the tree; returns the number of files written per host. */
    public static void write(RenderResult result, Path out) {
        try {
            prepare(out);
            for (Map.Entry<String, HostRender> e : result.hosts().entrySet()) {
                Path hostDir = out.resolve(e.getKey());
                mkdirs(out, hostDir);
                for (NodeFile f : e.getValue().files()) {
                    Path target = hostDir.resolve(f.path().substring(1)).normalize();
                    if (!target.startsWith(hostDir)) {
                        throw new IllegalStateException("path escapes the host directory: " + f.path());
                    }
                    mkdirs(out, target.getParent());
                    writeFile(target, f.content(), f.secret());
                }
                StringBuilder manifest = new StringBuilder();
                for (String line : e.getValue().manifest()) {
                    manifest.append(line).append('\n');
                }
                writeFile(out.resolve(e.getKey() + ".manifest"), manifest.toString().getBytes(StandardCharsets.UTF_8), false);
            }
            Path cluster = out.resolve("cluster");
            mkdirs(out, cluster);
            for (RenderResult.ClusterFile c : result.cluster()) {
                writeFile(cluster.resolve(c.name()), c.content(), false);
            }
        } catch (IOException e) {
            throw new KthwException(ExitCode.INVALID_INPUT, "cannot write " + out + ": " + dev.kthw.pki.StateDir.reason(e), e);
        }
    }

    /**
     * Refuses an output directory that cannot be one, before anything else is done: a file, a non-empty directory
     * kthw did not write, or a path below a file.
     */
    public static void check(Path out) {
        try {
            if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
                    throw new KthwException(ExitCode.INVALID_INPUT, out + " exists and is not a directory");
                }
                boolean empty;
                try (Stream<Path> s = Files.list(out)) {
                    empty = s.findAny().isEmpty();
                }
                if (!empty && !Files.isRegularFile(out.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
                    throw new KthwException(ExitCode.INVALID_INPUT, out + " is not empty and is not a kthw render output (no "
                            + MARKER + "); choose another --out");
                }
                return;
            }
            for (Path p = out.getParent(); p != null; p = p.getParent()) {
                if (Files.exists(p)) {
                    if (!Files.isDirectory(p)) {
                        throw new KthwException(ExitCode.INVALID_INPUT, "cannot create " + out + ": " + p + " is not a directory");
                    }
                    return;
                }
            }
        } catch (IOException e) {
            throw new KthwException(ExitCode.INVALID_INPUT, "cannot use " + out + ": " + dev.kthw.pki.StateDir.reason(e));
        }
    }

    private static void prepare(Path out) throws IOException {
        check(out);
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            clear(out);
        } else {
            Files.createDirectories(out);
        }
        Files.setPosixFilePermissions(out, DIR);
        writeFile(out.resolve(MARKER), "kthw render output: replaced as a whole by every 'kthw render'\n"
                .getBytes(StandardCharsets.UTF_8), false);
    }

    /** Deletes everything inside {@code dir} (not following symlinks), keeping {@code dir} itself. */
    private static void clear(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                if (!d.equals(dir)) {
                    Files.delete(d);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void mkdirs(Path root, Path dir) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!dir.equals(root)) {
            mkdirs(root, dir.getParent());
        }
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
        Files.setPosixFilePermissions(dir, DIR);
    }

    private static void writeFile(Path target, byte[] content, boolean secret) throws IOException {
        Set<PosixFilePermission> perms = secret ? SECRET : PUBLIC;
        Files.deleteIfExists(target);
        Files.createFile(target, PosixFilePermissions.asFileAttribute(SECRET));
        Files.write(target, content);
        Files.setPosixFilePermissions(target, perms);
    }

    /** Relative paths of every regular file under {@code dir}, sorted (for comparisons). */
    public static List<String> listFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
