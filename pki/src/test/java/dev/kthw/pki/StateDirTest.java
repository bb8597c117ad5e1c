package dev.kthw.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirTest {

    @TempDir
    Path tmp;

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void createsPrivateDirAndWritesWithModes() throws IOException {
        Path dir = tmp.resolve("a/b/state");
        try (StateDir sd = StateDir.open(dir)) {
            assertThat(mode(dir)).isEqualTo("rwx------");
            sd.writeAtomically("sub/deeper/secret.txt", "s".getBytes(StandardCharsets.UTF_8), true);
            sd.writeAtomically("public.txt", "p".getBytes(StandardCharsets.UTF_8), false);
            assertThat(mode(dir.resolve("sub"))).isEqualTo("rwx------");
            assertThat(mode(dir.resolve("sub/deeper"))).isEqualTo("rwx------");
            assertThat(mode(dir.resolve("sub/deeper/secret.txt"))).isEqualTo("rw-------");
            assertThat(mode(dir.resolve("public.txt"))).isEqualTo("rw-r--r--");
            assertThat(mode(dir.resolve(".lock"))).isEqualTo("rw-------");
            // replace keeps mode and leaves no temp files behind
            sd.writeAtomically("public.txt", "q".getBytes(StandardCharsets.UTF_8), false);
            assertThat(Files.readString(dir.resolve("public.txt"))).isEqualTo("q");
            try (var s = Files.list(dir)) {
                assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".lock", "sub",
                        "public.txt");
            }
        }
    }

    @Test
    void tightensAnExistingGroupReadableDir() throws IOException {
        Path dir = tmp.resolve("loose");
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (StateDir sd = StateDir.open(dir)) {
            assertThat(sd.permissionsTightened()).isTrue();
            assertThat(mode(dir)).isEqualTo("rwx------");
        }
        try (StateDir sd = StateDir.open(dir)) {
            assertThat(sd.permissionsTightened()).isFalse();
        }
    }

    @Test
    void writeIfChangedAndWriteOnce() throws IOException {
        try (StateDir sd = StateDir.open(tmp.resolve("s"))) {
            byte[] a = "a".getBytes(StandardCharsets.UTF_8);
            assertThat(sd.writeIfChanged("x", a, false)).isTrue();
            assertThat(sd.writeIfChanged("x", a, false)).isFalse();
            assertThat(sd.writeIfChanged("x", a, true)).as("mode change counts").isTrue();
            assertThat(mode(sd.resolve("x"))).isEqualTo("rw-------");
            assertThat(sd.writeIfChanged("x", "b".getBytes(StandardCharsets.UTF_8), true)).isTrue();
            assertThat(sd.read("x")).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8))
                    .isEqualTo("b"));

            sd.writeOnce("once", a, true);
            assertThat(mode(sd.resolve("once"))).isEqualTo("rw-------");
            assertThatThrownBy(() -> sd.writeOnce("once", "z".getBytes(StandardCharsets.UTF_8), true))
                    .isInstanceOf(PkiException.class).hasMessageContaining("refusing to overwrite")
                    .hasMessageContaining("once");
            assertThat(sd.read("once")).hasValue(a);
            try (var s = Files.list(sd.root())) {
                assertThat(s.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
            }
        }
    }

    @Test
    void rejectsPathsOutsideTheDirectory() {
        try (StateDir sd = StateDir.open(tmp.resolve("s"))) {
            byte[] b = {1};
            assertThatThrownBy(() -> sd.writeAtomically("../escape", b, false)).isInstanceOf(PkiException.class)
                    .hasMessageContaining("not inside state directory");
            assertThatThrownBy(() -> sd.writeAtomically("/etc/x", b, false)).isInstanceOf(PkiException.class);
            assertThatThrownBy(() -> sd.writeAtomically("a/../../x", b, false)).isInstanceOf(PkiException.class);
        }
        assertThat(tmp.resolve("escape")).doesNotExist();
    }

    @Test
    void closedDirRefusesWrites() {
        StateDir sd = StateDir.open(tmp.resolve("s"));
        sd.close();
        assertThatThrownBy(() -> sd.writeAtomically("x", new byte[0], false))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void secondOpenInSameJvmGetsClearMessageAndLockIsReleasedOnClose() {
        Path dir = tmp.resolve("s");
        try (StateDir first = StateDir.open(dir)) {
            assertThat(first.root()).isEqualTo(dir.toAbsolutePath());
            assertThatThrownBy(() -> StateDir.open(dir))
                    .isInstanceOf(StateLockedException.class)
                    .hasMessage("state directory " + dir.toAbsolutePath() + " is locked by another kthw run");
        }
        try (StateDir again = StateDir.open(dir)) {
            assertThat(again.root()).isEqualTo(dir.toAbsolutePath());
        }
    }

    @Test
    void secondProcessGetsClearMessage() throws Exception {
        Path dir = tmp.resolve("s");
        try (StateDir held = StateDir.open(dir)) {
            assertThat(held.root()).isEqualTo(dir.toAbsolutePath());
            Result r = runProbe(dir);
            assertThat(r.exit).as(r.out).isEqualTo(3);
            assertThat(r.out).contains("state directory " + dir.toAbsolutePath() + " is locked by another kthw run");
        }
        Result free = runProbe(dir);
        assertThat(free.exit).as(free.out).isZero();
        assertThat(free.out).contains("OPENED");
    }

    @Test
    void failedSecondOpenInSameJvmDoesNotReleaseTheFirstLock() throws Exception {
        // POSIX fcntl locks are dropped when *any* descriptor of the file is closed by the process;
        // the failed second open closes its channel, and the first lock must survive that.
        Path dir = tmp.resolve("s");
        try (StateDir held = StateDir.open(dir)) {
            assertThat(held.root()).isEqualTo(dir.toAbsolutePath());
            assertThatThrownBy(() -> StateDir.open(dir)).isInstanceOf(StateLockedException.class);
            Result r = runProbe(dir);
            assertThat(r.exit).as(r.out).isEqualTo(3);
        }
    }

    record Result(int exit, String out) {
    }

    static Result runProbe(Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                LockProbe.class.getName(), dir.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
