package dev.kthw.cli.render;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderSmokeTest {
    @TempDir
    Path tmp;

    @Test
    void printsEverything() {
        for (String v : new String[] {"1.21", "1.36"}) {
            RenderResult r = Fixtures.render(tmp.resolve(v), v);
            for (HostRender h : r.hosts().values()) {
                for (NodeFile f : h.files()) {
                    if (f.source() == NodeFile.Source.TEMPLATE && (h.host().equals("k8s-master-1") || h.host().equals("k8s-worker-2"))) {
                        System.out.println("===== " + v + " " + h.host() + " " + f.path());
                        System.out.print(f.text());
                    }
                }
                h.manifest().forEach(System.out::println);
            }
        }
    }
}
