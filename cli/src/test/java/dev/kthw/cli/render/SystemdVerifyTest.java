package dev.kthw.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rendered unit of every host passes {@code systemd-analyze verify} in a temporary root that holds a copy of
 * the host's {@code /lib/systemd/system} and stub executables at the units' Exec paths. Any output at all (an unknown
 * key is only a warning with exit code 0) counts as a failure.
 */
class SystemdVerifyTest {
    private static final Pattern EXEC = Pattern.compile("(?m)^Exec(?:Start|StartPre|StartPost|Stop|StopPost|Reload)=[-@:+!]*(/\\S+)");

    @TempDir
    static Path base;

    @TempDir
    Path tmp;

    /** One root for the whole class: the copy of /lib/systemd/system is made once; units and stubs are replaced per host. */
    private static Path root;

    @BeforeAll
    static void tools() throws IOException {
        HostTools.require("systemd-analyze", Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))
                && Files.isDirectory(Path.of("/lib/systemd/system")));
        root = base.resolve("root");
        Files.createDirectories(root.resolve("lib/systemd"));
        copyTree(Path.of("/lib/systemd/system"), root.resolve("lib/systemd/system"));
    }

    static Stream<String> minors() {
        return VersionCatalog.builtin().minors().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("minors")
    void everyUnitVerifies(String minor) throws IOException {
        RenderResult r = Fixtures.render(tmp, minor);
        int units = 0;
        for (HostRender h : r.hosts().values()) {
            units += verify(h);
        }
        assertThat(units).isEqualTo(2 * 5 + 2 * 4);
    }

    @Test
    void aBrokenUnitIsCaught() throws IOException {
        RenderResult r = Fixtures.render(tmp, "1.36");
        HostRender h = r.host("k8s-worker-1");
        List<NodeFile> files = new ArrayList<>(h.files());
        NodeFile kubelet = h.file("/etc/systemd/system/kubelet.service").orElseThrow();
        files.remove(kubelet);
        files.add(new NodeFile(kubelet.path(), kubelet.text().replace("RestartSec=5", "RestartSecs=5").getBytes(), 0644,
                "root", "root", NodeFile.Source.TEMPLATE, "broken"));
        HostRender broken = new HostRender(h.host(), files, h.directories());
        try {
            verify(broken);
            throw new AssertionError("systemd-analyze accepted an unknown key");
        } catch (AssertionError e) {
            assertThat(e.getMessage()).contains("Unknown key 'RestartSecs'");
        }
    }

    /** Verifies a host's units together (kubelet Requires containerd); returns how many. */
    private static synchronized int verify(HostRender h) throws IOException {
        for (String d : List.of("etc", "usr", "sbin", "bin")) {
            deleteTree(root.resolve(d));
        }
        Path unitDir = root.resolve("etc/systemd/system");
        Files.createDirectories(unitDir);
        Set<String> execs = new TreeSet<>();
        List<String> names = new ArrayList<>();
        for (NodeFile f : h.files()) {
            if (f.path().startsWith("/etc/systemd/system/") && f.path().endsWith(".service")) {
                String name = f.path().substring("/etc/systemd/system/".length());
                Files.write(unitDir.resolve(name), f.content());
                names.add(name);
                Matcher m = EXEC.matcher(f.text());
                while (m.find()) {
                    execs.add(m.group(1));
                }
            }
        }
        for (String exec : execs) {
            Path stub = root.resolve(exec.substring(1));
            Files.createDirectories(stub.getParent());
            Files.writeString(stub, "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<String> cmd = new ArrayList<>(List.of("systemd-analyze", "verify", "--root=" + root));
        cmd.addAll(names);
        HostTools.Result res = HostTools.run(cmd, null, null);
        String output = (res.out() + res.err()).strip();
        if (res.exitCode() != 0 || !output.isEmpty()) {
            throw new AssertionError(h.host() + ": systemd-analyze verify " + names + " exited " + res.exitCode() + ":\n" + output);
        }
        return names.size();
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Path target = Files.readSymbolicLink(p);
                    if (!target.isAbsolute()) { // masked units (-> /dev/null) are not needed
                        Files.createSymbolicLink(t, target);
                    }
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
