package dev.kthw.pki;

/** Another kthw run (this or another process) holds the state directory's lock. */
public class StateLockedException extends PkiException {
    private static final long serialVersionUID = 1L;

    public StateLockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
