package dev.kthw.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Every generated kubeconfig, read back by the real kubectl (and openssl). */
class KubectlReadsKubeconfigsTest {

    @TempDir
    static Path tmp;
    static TestPki pki;
    static KubeconfigSet set;
    static Path out;

    @BeforeAll
    static void writeAll() {
        List<String> workers = List.of("worker-0", "worker-1");
        set = KubeconfigSet.of("kubernetes-the-hard-way", "192.168.1.50", List.of("master-0", "master-1"), workers);
        pki = TestPki.create(tmp).issueAll(workers);
        out = tmp.resolve("kubeconfigs");
        new KubeconfigWriter(out).writeAll(set.render(pki.caPem, pki::lookup));
    }

    @Test
    void kubectlParsesEveryKubeconfigAndSeesExactlyOurData() {
        for (KubeconfigSet.Entry e : set.entries()) {
            Path file = out.resolve(e.fileName());
            String json = Proc.run(tmp, List.of("kubectl", "config", "view", "--kubeconfig", file.toString(),
                    "--raw", "-o", "json"));
            Map<?, ?> cfg = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(json);

            assertThat(cfg.get("current-context")).as(e.name()).isEqualTo("default");
            Map<?, ?> cluster = only(cfg, "clusters");
            assertThat(cluster.get("name")).isEqualTo("kubernetes-the-hard-way");
            Map<?, ?> c = (Map<?, ?>) cluster.get("cluster");
            assertThat(c.get("server")).as(e.name()).isEqualTo(e.server());
            assertThat(decode(c.get("certificate-authority-data"))).isEqualTo(ascii(pki.caPem));

            Map<?, ?> user = only(cfg, "users");
            assertThat(user.get("name")).as(e.name()).isEqualTo(e.userName());
            Map<?, ?> u = (Map<?, ?>) user.get("user");
            CertAndKey ck = pki.lookup(e.certId());
            assertThat(decode(u.get("client-certificate-data"))).as(e.name()).isEqualTo(ascii(ck.certPem()));
            assertThat(decode(u.get("client-key-data"))).as(e.name()).isEqualTo(ascii(ck.keyPem()));

            Map<?, ?> context = only(cfg, "contexts");
            assertThat(context.get("name")).isEqualTo("default");
            assertThat(context.get("context")).isEqualTo(
                    Map.of("cluster", "kubernetes-the-hard-way", "user", e.userName()));
        }
    }

    @Test
    void embeddedClientCertificateHasTheRightSubject() {
        Map<String, String> expected = Map.of(
                "admin", "subject=CN = admin, O = system:masters",
                "admin-remote", "subject=CN = admin, O = system:masters",
                "kube-controller-manager",
                "subject=CN = system:kube-controller-manager, O = system:kube-controller-manager",
                "kube-scheduler", "subject=CN = system:kube-scheduler, O = system:kube-scheduler",
                "kube-proxy", "subject=CN = system:kube-proxy, O = system:node-proxier",
                "kubelet-worker-0", "subject=CN = system:node:worker-0, O = system:nodes",
                "kubelet-worker-1", "subject=CN = system:node:worker-1, O = system:nodes");
        assertThat(set.entries()).extracting(KubeconfigSet.Entry::name)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (KubeconfigSet.Entry e : set.entries()) {
            String subject = Proc.sh(tmp, "kubectl config view --kubeconfig '" + out.resolve(e.fileName())
                    + "' --raw -o jsonpath='{.users[0].user.client-certificate-data}' | base64 -d"
                    + " | openssl x509 -noout -subject");
            assertThat(subject.strip()).as(e.name()).isEqualTo(expected.get(e.name()));
        }
    }

    private static Map<?, ?> only(Map<?, ?> cfg, String key) {
        List<?> list = (List<?>) cfg.get(key);
        assertThat(list).as(key).hasSize(1);
        return (Map<?, ?>) list.get(0);
    }

    private static byte[] decode(Object b64) {
        return Base64.getDecoder().decode((String) b64);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
