package dev.kthw.cli.ssh;

import com.hierynomus.sshj.transport.cipher.GcmCipher;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.SSHRuntimeException;
import net.schmizz.sshj.transport.cipher.Cipher;

import java.lang.management.ManagementFactory;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;

/**
 * {@code aes128-gcm@openssh.com} / {@code aes256-gcm@openssh.com} computed by the JDK's own provider (SunJCE).
 *
 * <p>SSHJ asks for every cipher from BouncyCastle when BC is on the classpath (it is: SSHJ depends on it). BC's AES
 * and GHASH are plain Java; SunJCE's AES-GCM uses the CPU's AES and carry-less-multiply instructions (HotSpot
 * intrinsics), which makes it several times cheaper per byte than BC's chacha20-poly1305 — the client's CPU is what
 * limits a push to many hosts. Same wire format as SSHJ's {@link GcmCipher} (it is one, with another JCA provider).
 */
final class JdkGcmCipher extends GcmCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final Provider provider;
    private final int keyBytes;
    private final int ivBytes;

    private JdkGcmCipher(Provider provider, int keyBytes) {
        super(12, 16, keyBytes, "AES", TRANSFORMATION);
        this.provider = provider;
        this.keyBytes = keyBytes;
        this.ivBytes = 12;
    }

    @Override
    public void init(Mode mode, byte[] key, byte[] iv) {
        try {
            cipher = javax.crypto.Cipher.getInstance(TRANSFORMATION, provider);
            initCipher(cipher, mode, Arrays.copyOf(key, keyBytes), Arrays.copyOf(iv, ivBytes));
        } catch (GeneralSecurityException e) {
            cipher = null;
            throw new SSHRuntimeException(e);
        }
    }

    /** The JDK provider that has AES/GCM (SunJCE), or null. */
    static Provider jdkProvider() {
        Provider p = Security.getProvider("SunJCE");
        if (p == null || p.getService("Cipher", TRANSFORMATION) == null) {
            return null;
        }
        return p;
    }

    /**
     * True when the CPU has AES instructions HotSpot uses for SunJCE's AES-GCM (x86 AES-NI, ARMv8 crypto
     * extensions): the product flag {@code UseAES}. Without them SunJCE's GCM is plain Java too, and
     * chacha20-poly1305 is the better default.
     */
    static boolean hardwareAes() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean vm =
                    ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return vm != null && Boolean.parseBoolean(vm.getVMOption("UseAES").getValue());
        } catch (RuntimeException | LinkageError e) { // not HotSpot, or no such flag
            return false;
        }
    }

    static Factory.Named<Cipher> factory(String name, int keyBits, Provider provider) {
        return new Factory.Named<>() {
            @Override
            public Cipher create() {
                return new JdkGcmCipher(provider, keyBits / 8);
            }

            @Override
            public String getName() {
                return name;
            }

            @Override
            public String toString() {
                return name + " (" + provider.getName() + ")";
            }
        };
    }
}
