package dev.kthw.cli.ssh;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Route guard for tests and the lab: only 10.251.0.0/16 addresses whose route ({@code ip route get ADDR}) goes out
 * through {@code dev labbr0} are allowed. Anything else is refused before connecting.
 */
public final class LabRouteGuard implements RouteGuard {

    public static final String BRIDGE = "labbr0";

    @Override
    public void check(SshTarget target, InetAddress resolved) {
        byte[] a = resolved.getAddress();
        if (!(resolved instanceof Inet4Address) || (a[0] & 0xff) != 10 || (a[1] & 0xff) != 251) {
            throw RouteGuard.refuse(target, resolved.getHostAddress() + " is not in the lab network 10.251.0.0/16");
        }
        String out = ipRouteGet(target, resolved.getHostAddress());
        String first = SshException.oneLine(out);
        String[] words = first.split("\\s+");
        boolean viaBridge = false;
        for (int i = 0; i + 1 < words.length; i++) {
            viaBridge |= words[i].equals("dev") && words[i + 1].equals(BRIDGE);
        }
        if (!viaBridge || first.matches("^(unreachable|blackhole|prohibit|throw)\\b.*")) {
            throw RouteGuard.refuse(target, "route to " + resolved.getHostAddress() + " does not go through "
                    + BRIDGE + " (ip route get: " + first + ")");
        }
    }

    private static String ipRouteGet(SshTarget target, String addr) {
        try {
            Process p = new ProcessBuilder("ip", "route", "get", addr).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw RouteGuard.refuse(target, "ip route get " + addr + " did not finish");
            }
            return out;
        } catch (IOException e) {
            throw RouteGuard.refuse(target, "cannot run ip route get " + addr + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RouteGuard.refuse(target, "interrupted");
        }
    }
}
