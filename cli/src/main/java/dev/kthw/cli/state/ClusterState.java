package dev.kthw.cli.state;

import java.nio.file.Path;
import java.util.Map;

import dev.kthw.cli.ExitCode;
import dev.kthw.cli.KthwException;
import dev.kthw.cli.inventory.ClusterPlan;
import dev.kthw.cli.inventory.Host;
import dev.kthw.kubeconfig.CertAndKey;
import dev.kthw.kubeconfig.EncryptionConfig;
import dev.kthw.kubeconfig.KubeconfigException;
import dev.kthw.kubeconfig.KubeconfigSet;
import dev.kthw.kubeconfig.KubeconfigWriter;
import dev.kthw.kubeconfig.WriteOutcome;
import dev.kthw.pki.PemPair;
import dev.kthw.pki.Pki;
import dev.kthw.pki.PkiException;
import dev.kthw.pki.PkiReport;
import dev.kthw.pki.StateDir;
import dev.kthw.pki.StateLockedException;

/**
 * The laptop-side state of one cluster: the state directory (locked while open), its PKI, kubeconfigs and the
 * encryption config. Layout: {@code pki/<id>.crt|.key}, {@code kubeconfig/<name>.kubeconfig},
 * {@code encryption-config.yaml}.
 */
public final class ClusterState implements AutoCloseable {
    public static final String KUBECONFIG_DIR = "kubeconfig";

    private final ClusterPlan plan;
    private final StateDir dir;
    private final Pki pki;

    private ClusterState(ClusterPlan plan, StateDir dir) {
        this.plan = plan;
        this.dir = dir;
        this.pki = new Pki(dir);
    }

    /** Opens (creating with mode 0700) and locks the state directory. Call only after the inventory validated. */
    public static ClusterState open(ClusterPlan plan, Path stateDir) {
        return new ClusterState(plan, guard(() -> StateDir.open(stateDir)));
    }

    /** The certificates in a state directory, read without opening or locking it (listing never writes). */
    public static java.util.List<dev.kthw.pki.CertInfo> listCertificates(Path stateDir) {
        return guard(() -> Pki.list(stateDir, java.time.Clock.systemUTC()));
    }

    public Path root() {
        return dir.root();
    }

    public PkiReport ensureCertificates() {
        return guard(() -> pki.ensure(plan.pkiInputs()));
    }

    public KubeconfigSet kubeconfigSet() {
        return KubeconfigSet.of(plan.inventory().clusterName(), plan.apiEndpoint(), plan.inventory().apiPort(),
                plan.masters().stream().map(Host::name).toList(), plan.workers().stream().map(Host::name).toList());
    }

    /** Writes every kubeconfig whose content changed; the certificates must exist. */
    public Map<String, WriteOutcome> ensureKubeconfigs() {
        return guard(() -> {
            KubeconfigSet set = kubeconfigSet();
            var rendered = set.render(pki.caCertPem(), id -> {
                PemPair p = pki.load(id);
                return new CertAndKey(p.certificatePem(), p.privateKeyPem());
            });
            return new KubeconfigWriter(dir.resolve(KUBECONFIG_DIR)).writeAll(rendered);
        });
    }

    /** Creates the encryption config once; afterwards reads and checks it, never regenerates it. */
    public EncryptionConfig ensureEncryptionConfig() {
        return guard(() -> EncryptionConfig.loadOrCreate(dir.resolve(EncryptionConfig.FILE_NAME)));
    }

    @Override
    public void close() {
        dir.close();
    }

    /** Maps the state modules' exceptions to kthw's exit codes and one-line messages. */
    static <T> T guard(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (StateLockedException e) {
            throw new KthwException(ExitCode.STATE, e.getMessage(), e);
        } catch (PkiException | KubeconfigException e) {
            throw new KthwException(ExitCode.STATE, e.getMessage(), e);
        }
    }
}
