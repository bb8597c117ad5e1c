package dev.kthw.cli.ssh;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/** Transfer progress, per host. Implementations must be thread-safe (hosts upload in parallel). */
public interface Progress {

    Progress NONE = new Progress() {
        @Override
        public void begin(String host, long totalBytes) {
        }

        @Override
        public void advance(String host, long bytes) {
        }

        @Override
        public void end(String host) {
        }
    };

    /** A host is about to upload {@code totalBytes}. */
    void begin(String host, long totalBytes);

    /** {@code bytes} more were sent to the host. */
    void advance(String host, long bytes);

    void end(String host);

    /** Terminal progress on stderr, or {@link #NONE} without a console or when {@code noProgress} is set. */
    static Progress terminal(boolean noProgress) {
        return noProgress || System.console() == null ? NONE : new Terminal(System.err);
    }

    /** "lab1 42%  lab2 17%" on one line, redrawn at most 5 times a second. */
    final class Terminal implements Progress {
        private final PrintStream out;
        private final Map<String, long[]> hosts = new TreeMap<>();
        private long lastDraw;

        public Terminal(PrintStream out) {
            this.out = out;
        }

        @Override
        public synchronized void begin(String host, long totalBytes) {
            hosts.put(host, new long[] {0, Math.max(totalBytes, 1)});
            draw(true);
        }

        @Override
        public synchronized void advance(String host, long bytes) {
            long[] h = hosts.get(host);
            if (h != null) {
                h[0] += bytes;
                draw(false);
            }
        }

        @Override
        public synchronized void end(String host) {
            long[] h = hosts.get(host);
            if (h != null) {
                h[0] = h[1];
            }
            draw(true);
            if (hosts.values().stream().allMatch(v -> v[0] >= v[1])) {
                out.print(System.lineSeparator());
                hosts.clear();
            }
            out.flush();
        }

        private void draw(boolean force) {
            long now = System.nanoTime();
            if (!force && now - lastDraw < 200_000_000L) {
                return;
            }
            lastDraw = now;
            StringBuilder sb = new StringBuilder("\r");
            hosts.forEach((h, v) -> sb.append(h).append(' ').append(Math.min(100, v[0] * 100 / v[1])).append("%  "));
            out.print(sb);
            out.flush();
        }
    }
}
