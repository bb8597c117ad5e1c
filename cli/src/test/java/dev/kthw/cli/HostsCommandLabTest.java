package dev.kthw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code kthw hosts check} and {@code kthw hosts rekey} against the systemd-nspawn lab (real sshd, sudo, systemd).
 * Works on a private copy of the lab's inventory, key and known_hosts; every connection uses the lab route guard.
 */
@Tag("lab")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostsCommandLabTest {
    static Path labDir;
    static Path work;
    static Path inventory;

    @BeforeAll
    static void copyLab() throws Exception {
        String dir = System.getProperty("kthw.lab.dir");
        Assumptions.assumeTrue(dir != null && !dir.isBlank(), "lab tests skipped: -Dkthw.lab.dir is not set (scripts/test sets it)");
        labDir = Path.of(dir).toAbsolutePath();
        work = Files.createTempDirectory("kthw-hosts-lab");
        for (String f : List.of("id_ed25519", "id_ed25519.pub", "known_hosts")) {
            Files.copy(labDir.resolve(f), work.resolve(f));
        }
        String inv = Files.readString(labDir.resolve("inventory.yaml"))
                .replaceAll("(?m)^(\\s*keyPath:).*$", "$1 id_ed25519")
                .replaceAll("(?m)^(\\s*knownHosts:).*$", "$1 known_hosts");
        inventory = work.resolve("inventory.yaml");
        Files.writeString(inventory, inv);
        // other lab tests re-key nodes: start from the keys the nodes have now (read from their file systems)
        lab("known-hosts");
    }

    static CliRunner.Result kthw(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("-i", inventory.toString(), "--lab-route-guard", "--no-progress"));
        return CliRunner.run(a.toArray(String[]::new));
    }

    static String lab(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(labDir.resolveSibling("scripts").resolve("lab").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LAB_DIR", work.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    @Order(1)
    void checkReportsEveryHost() {
        CliRunner.Result r = kthw("hosts", "check");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("lab1").contains("10.251.0.11").contains("x86_64").contains("Debian GNU/Linux 12")
                .contains("SHA256:").contains("hosts ok");
    }

    @Test
    @Order(2)
    void arm64InventoryRefusesX86HostsByName() throws Exception {
        Path armInv = work.resolve("arm.yaml");
        Files.writeString(armInv, Files.readString(inventory).replaceAll("(?m)^\\s*arch:.*$", ""));
        CliRunner.Result r = CliRunner.run("hosts", "check", "-i", armInv.toString(), "--lab-route-guard", "--no-progress");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("host lab1 (10.251.0.11)").contains("architecture x86_64 does not match the inventory's arm64")
                .contains("host lab2 (10.251.0.12)");
    }

    @Test
    @Order(3)
    void changedKeyIsRefusedThenRepinnedByRekey() throws Exception {
        lab("rekey", "lab4");
        CliRunner.Result r = kthw("hosts", "check");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("lab4").contains("kthw hosts rekey lab4");
        assertThat(r.out()).contains("lab1").doesNotContain("lab1             10.251.0.11     FAILED");

        CliRunner.Result show = kthw("hosts", "rekey", "lab4");
        assertThat(show.exitCode()).as(show.err()).isZero();
        Matcher m = Pattern.compile("presents (SHA256:\\S+)").matcher(show.out());
        assertThat(m.find()).as(show.out()).isTrue();
        String presented = m.group(1);
        assertThat(kthw("hosts", "check").exitCode()).as("showing the key changes nothing").isEqualTo(4);

        CliRunner.Result wrong = kthw("hosts", "rekey", "lab4", "--fingerprint", "SHA256:" + "A".repeat(43));
        assertThat(wrong.exitCode()).isEqualTo(4);

        CliRunner.Result ok = kthw("hosts", "rekey", "lab4", "--fingerprint", presented);
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("known_hosts now pins " + presented);
        CliRunner.Result after = kthw("hosts", "check");
        assertThat(after.exitCode()).as(after.err()).isZero();
    }

    @Test
    @Order(4)
    void unknownHostNameIsBadInput() {
        CliRunner.Result r = kthw("hosts", "rekey", "lab99");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("host lab99 is not in");
    }
}
