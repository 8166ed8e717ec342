package io.datalayer.vault;

/**
 * A build-time Vault check failed. The message names the path, key or setting at fault and what
 * to do; it never contains a secret value (nor the token). Main prints it and exits non-zero.
 */
public final class VaultCheckException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the check failed, for callers and tests that branch on it. */
    public enum Reason {
        SETTINGS, UNREACHABLE, TIMEOUT, TLS, FORBIDDEN, NOT_FOUND, SEALED, NO_MOUNT, NOT_KV_V2,
        DELETED, DESTROYED, MISSING_KEY, EMPTY_KEY, NOT_A_STRING, TOO_SHORT, UNEXPECTED,
        /** An answer larger than synth reads ({@link VaultDriverLookup#MAX_ANSWER}). */
        TOO_LARGE,
        /** The Vault check process failed or ended (see {@link VaultCheckClient}). */
        CHECK_PROCESS
    }

    private final Reason reason;

    VaultCheckException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Keeps a network-level cause (connection, TLS): those carry no Vault response body. */
    VaultCheckException(Reason reason, String message, Throwable networkCause) {
        super(message, networkCause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
