package dev.kthw.cli.render;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Everything kthw puts on one host: files (sorted by path) and directories with a required mode. */
public record HostRender(String host, List<NodeFile> files, List<NodeDirectory> directories) {
    public HostRender {
        files = files.stream().sorted(Comparator.comparing(NodeFile::path)).toList();
        directories = directories.stream().sorted(Comparator.comparing(NodeDirectory::path)).toList();
    }

    public Optional<NodeFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    /**
     * The manifest: one line per directory and file, sorted by path:
     * {@code MODE OWNER GROUP SHA256 PATH} for files, {@code MODE OWNER GROUP - PATH/} for directories.
     */
    public List<String> manifest() {
        record Line(String path, String text) {
        }
        List<Line> lines = new ArrayList<>();
        for (NodeDirectory d : directories) {
            lines.add(new Line(d.path() + "/", d.modeString() + " " + d.owner() + " " + d.group() + " - " + d.path() + "/"));
        }
        for (NodeFile f : files) {
            lines.add(new Line(f.path(), f.modeString() + " " + f.owner() + " " + f.group() + " " + f.sha256() + " " + f.path()));
        }
        lines.sort(Comparator.comparing(Line::path));
        return lines.stream().map(Line::text).toList();
    }
}
