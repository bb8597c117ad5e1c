package dev.kthw.pki;

/** Failure of the PKI or the state directory. Messages are one line and name the file concerned. */
public class PkiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
