package dev.kthw.kubeconfig;

/** What a write did to a file on disk. */
public enum WriteOutcome {
    /** The file did not exist and was written. */
    CREATED,
    /** The file existed with different content and was replaced atomically. */
    CHANGED,
    /** The file already had exactly this content; it was not written (mtime untouched). */
    UNCHANGED
}
