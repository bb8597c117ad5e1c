package dev.kthw.cli.ssh;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-host outcome of {@link SshTransport#runOnAll}: values of the hosts that succeeded, errors of the others. */
public final class HostResults<T> {

    private final Map<String, T> values;
    private final Map<String, SshException> failures;
    private final int total;

    HostResults(Map<String, T> values, Map<String, SshException> failures, int total) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        this.total = total;
    }

    /** Host name -> value, in target order. */
    public Map<String, T> values() {
        return values;
    }

    /** Host name -> error, in target order. */
    public Map<String, SshException> failures() {
        return failures;
    }

    public boolean allSucceeded() {
        return failures.isEmpty();
    }

    /** Throws one {@link SshException} of kind MULTIPLE_HOSTS listing every failed host, one line each. */
    public HostResults<T> throwIfFailed() {
        if (!failures.isEmpty()) {
            throw SshException.aggregate(new ArrayList<>(failures.values()), total);
        }
        return this;
    }

    public List<T> valuesInOrder() {
        return new ArrayList<>(values.values());
    }
}
