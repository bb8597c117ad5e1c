package dev.kthw.cli.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kthw.cli.CliRunner;

/**
 * The state commands end to end, checked with the real openssl and kubectl: every leaf verifies against the CA,
 * every kubeconfig parses and embeds the right certificate, re-runs change nothing, modes are tight.
 */
class StateCommandsTest {
    @TempDir
    Path tmp;

    static final Path EXAMPLE = Path.of("../inventory.example.yaml");

    static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                MessageDigest md = sha256();
                out.put(dir.relativize(p).toString(), HexFormat.of().formatHex(md.digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s\n%s", String.join(" ", cmd), out).isZero();
        return out;
    }

    Path generate(Path inventory, Path state) {
        CliRunner.Result r = CliRunner.run("kubeconfig", "generate", "-i", inventory.toString(), "--state", state.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        return state;
    }

    Path bigInventory() throws Exception {
        Path f = tmp.resolve("3m5w.yaml");
        Files.writeString(f, run("bash", "../scripts/gen-inventory", "3", "5"));
        return f;
    }

    @Test
    void everyLeafVerifiesAndEveryKubeconfigEmbedsItsCert() throws Exception {
        for (Path inv : List.of(EXAMPLE, bigInventory())) {
            Path state = generate(inv, tmp.resolve("state-" + inv.getFileName()));
            Path ca = state.resolve("pki/ca.crt");
            try (Stream<Path> s = Files.list(state.resolve("pki"))) {
                List<Path> leaves = s.filter(p -> p.toString().endsWith(".crt") && !p.equals(ca)).sorted().toList();
                assertThat(leaves).hasSizeGreaterThanOrEqualTo(12);
                for (Path leaf : leaves) {
                    assertThat(run("openssl", "verify", "-CAfile", ca.toString(), leaf.toString())).contains(": OK");
                }
            }
            try (Stream<Path> s = Files.list(state.resolve("kubeconfig"))) {
                List<Path> kcs = s.sorted().toList();
                assertThat(kcs).hasSize(4 + (inv == EXAMPLE ? 2 : 5) + 1);
                for (Path kc : kcs) {
                    String name = kc.getFileName().toString().replace(".kubeconfig", "");
                    String certId = name.equals("admin-remote") ? "admin" : name;
                    String embedded = run("kubectl", "config", "view", "--kubeconfig", kc.toString(), "--raw",
                            "-o", "jsonpath={.users[0].user.client-certificate-data}");
                    assertThat(new String(Base64.getDecoder().decode(embedded.trim()), StandardCharsets.US_ASCII))
                            .as(name).isEqualTo(Files.readString(state.resolve("pki/" + certId + ".crt")));
                    String server = run("kubectl", "config", "view", "--kubeconfig", kc.toString(), "-o",
                            "jsonpath={.clusters[0].cluster.server}");
                    boolean local = name.equals("admin") || name.startsWith("kube-controller") || name.startsWith("kube-scheduler");
                    assertThat(server).as(name).isEqualTo(local ? "https://127.0.0.1:6443"
                            : inv == EXAMPLE ? "https://172.30.1.40:6443" : "https://192.168.10.1:6443");
                }
            }
        }
    }

    @Test
    void secondRunChangesNothingAndADeletedLeafAloneIsRecreated() throws Exception {
        Path state = generate(EXAMPLE, tmp.resolve("state"));
        Map<String, String> first = hashes(state);
        generate(EXAMPLE, state);
        assertThat(hashes(state)).isEqualTo(first);

        Files.delete(state.resolve("pki/kube-proxy.crt"));
        Files.delete(state.resolve("pki/kube-proxy.key"));
        CliRunner.Result r = CliRunner.run("certs", "generate", "-i", EXAMPLE.toString(), "--state", state.toString());
        assertThat(r.out()).contains("created   kube-proxy").contains("1 created, 0 re-issued, 12 unchanged");
        Map<String, String> after = hashes(state);
        assertThat(after.keySet()).isEqualTo(first.keySet());
        first.forEach((file, hash) -> {
            if (file.startsWith("pki/kube-proxy.")) {
                assertThat(after.get(file)).as(file).isNotEqualTo(hash);
            } else {
                assertThat(after.get(file)).as(file).isEqualTo(hash);
            }
        });
        // the kube-proxy kubeconfig follows its new certificate, nothing else changes
        r = CliRunner.run("kubeconfig", "generate", "-i", EXAMPLE.toString(), "--state", state.toString());
        assertThat(r.out()).contains("changed   kube-proxy.kubeconfig").contains("0 created, 1 changed, 6 unchanged")
                .contains("encryption config: unchanged");
    }

    @Test
    void modesAreTight() throws Exception {
        Path state = generate(EXAMPLE, tmp.resolve("state"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
        try (Stream<Path> s = Files.walk(state)) {
            for (Path p : s.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                String name = p.getFileName().toString();
                if (Files.isDirectory(p)) {
                    assertThat(mode).as(p.toString()).isEqualTo("rwx------");
                } else if (name.endsWith(".crt")) {
                    assertThat(mode).as(p.toString()).isIn("rw-r--r--", "rw-------");
                } else {
                    assertThat(mode).as(p.toString()).isEqualTo("rw-------");
                }
            }
        }
    }

    @Test
    void addingAMasterReissuesOnlyWhatNamesMasters() throws Exception {
        Path inv = tmp.resolve("inv.yaml");
        Files.writeString(inv, run("bash", "../scripts/gen-inventory", "1", "2"));
        Path state = generate(inv, tmp.resolve("state"));
        Map<String, String> before = hashes(state);
        Files.writeString(inv, run("bash", "../scripts/gen-inventory", "3", "2"));
        CliRunner.Result r = CliRunner.run("certs", "generate", "-i", inv.toString(), "--state", state.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("reissued  kube-apiserver").contains("created   etcd-master-2").contains("created   etcd-master-3");
        Map<String, String> after = hashes(state);
        assertThat(after.get("pki/ca.crt")).isEqualTo(before.get("pki/ca.crt"));
        assertThat(after.get("pki/ca.key")).isEqualTo(before.get("pki/ca.key"));
        assertThat(after.get("pki/admin.crt")).isEqualTo(before.get("pki/admin.crt"));
    }

    @Test
    void listShowsEveryCertificateAsTableAndJson() throws Exception {
        Path state = generate(EXAMPLE, tmp.resolve("state"));
        CliRunner.Result table = CliRunner.run("certs", "list", "--state", state.toString());
        assertThat(table.exitCode()).isZero();
        assertThat(table.out().lines().count()).isEqualTo(1 + 13);
        assertThat(table.out()).contains("kube-apiserver").contains("IP:10.32.0.1").contains("O=system:nodes,CN=system:node:k8s-worker-2");
        CliRunner.Result json = CliRunner.run("certs", "list", "--state", state.toString(), "-o", "json");
        Path f = tmp.resolve("certs.json");
        Files.writeString(f, json.out());
        // parse with a real JSON parser
        String ids = run("python3", "-c", "import json,sys; print(','.join(c['id'] for c in json.load(open(sys.argv[1]))))", f.toString());
        assertThat(ids.trim().split(",")).hasSize(13).contains("ca", "kubelet-k8s-worker-1", "etcd-k8s-master-2");
        assertThat(CliRunner.run("certs", "list", "--state", state.toString(), "-o", "xml").exitCode()).isEqualTo(2);
    }

    @Test
    void lockedStateIsExitCode3AndNamesTheDirectory() throws Exception {
        Path state = generate(EXAMPLE, tmp.resolve("state"));
        try (var held = dev.kthw.pki.StateDir.open(state)) {
            CliRunner.Result r = CliRunner.run("certs", "generate", "-i", EXAMPLE.toString(), "--state", state.toString());
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.err()).contains(state.toString()).contains("locked");
        }
    }

    @Test
    void listingNeverWritesAndForeignDirectoriesAreRefused() throws Exception {
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.setPosixFilePermissions(foreign, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        Map<String, String> before = hashes(foreign);

        CliRunner.Result list = CliRunner.run("certs", "list", "--state", foreign.toString());
        assertThat(list.exitCode()).isEqualTo(3);
        assertThat(list.err()).contains("no certificates in " + foreign);
        CliRunner.Result gen = CliRunner.run("certs", "generate", "-i", EXAMPLE.toString(), "--state", foreign.toString());
        assertThat(gen.exitCode()).isEqualTo(3);
        assertThat(gen.errLines()).hasSize(1);
        assertThat(gen.err()).contains("is not empty and is not a kthw state directory");

        assertThat(hashes(foreign)).isEqualTo(before);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(foreign))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void aBadOutputDirectoryChangesNothing() throws Exception {
        Path inv = tmp.resolve("inv.yaml");
        Files.copy(EXAMPLE, inv);
        Path file = tmp.resolve("afile");
        Files.writeString(file, "x");
        for (String out : List.of(file.toString(), file.resolve("sub").toString())) {
            CliRunner.Result r = CliRunner.run("render", "-i", inv.toString(), "--out", out);
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.err()).contains("is not a directory");
        }
        assertThat(tmp.resolve(".kthw")).doesNotExist();
    }

    @Test
    void aCorruptCertificateIsNamedWhenListing() throws Exception {
        Path state = generate(EXAMPLE, tmp.resolve("state"));
        Files.writeString(state.resolve("pki/admin.crt"), "garbage\n");
        CliRunner.Result r = CliRunner.run("certs", "list", "--state", state.toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains(state.resolve("pki/admin.crt").toString()).doesNotContain("Exception");
    }
}
