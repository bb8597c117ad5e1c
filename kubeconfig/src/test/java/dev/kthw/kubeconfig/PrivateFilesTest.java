package dev.kthw.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {

    @TempDir
    Path tmp;

    @Test
    void createNewNeverReplacesAnExistingFile() throws IOException {
        Path file = tmp.resolve("secret");
        PrivateFiles.createNew(file, "one".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(file)).isEqualTo("one");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        assertThatThrownBy(() -> PrivateFiles.createNew(file, "two".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("one");
        assertThat(Files.list(tmp).toList()).containsExactly(file); // temp file cleaned up
    }

    @Test
    void writeIfChangedReportsWhatItDid() throws IOException {
        Path file = tmp.resolve("f");
        byte[] a = "a".getBytes(StandardCharsets.UTF_8);
        byte[] b = "b".getBytes(StandardCharsets.UTF_8);
        assertThat(PrivateFiles.writeIfChanged(file, a)).isEqualTo(WriteOutcome.CREATED);
        assertThat(PrivateFiles.writeIfChanged(file, a)).isEqualTo(WriteOutcome.UNCHANGED);
        assertThat(PrivateFiles.writeIfChanged(file, b)).isEqualTo(WriteOutcome.CHANGED);
        assertThat(Files.readAllBytes(file)).isEqualTo(b);
        assertThat(Files.list(tmp).toList()).containsExactly(file);
    }
}
