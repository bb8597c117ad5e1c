package dev.kthw.cli.ssh;

import java.util.List;

/**
 * Outcome of {@link SshTransport#rekey}: the fingerprints known_hosts had for the host before, the one now pinned,
 * and how many known_hosts lines were replaced.
 */
public record RekeyResult(String hostName, List<String> previousFingerprints, String newFingerprint, int linesReplaced) {
}
