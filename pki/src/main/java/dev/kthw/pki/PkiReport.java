package dev.kthw.pki;

import java.util.List;

/** What {@link Pki#ensure} did, one entry per certificate in table order. */
public record PkiReport(List<Entry> entries) {

    public enum Status { CREATED, REISSUED, UNCHANGED }

    /** @param reason one line: why it was created/re-issued, or "up to date" */
    public record Entry(String id, Status status, String reason) {
    }

    public PkiReport {
        entries = List.copyOf(entries);
    }

    /** The entry for an id; throws if there is none. */
    public Entry get(String id) {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no certificate " + id + " in report"));
    }

    /** True if any file was written. */
    public boolean changed() {
        return entries.stream().anyMatch(e -> e.status() != Status.UNCHANGED);
    }
}
