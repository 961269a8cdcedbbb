package dev.kvmforge.runner.connection;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;

/** The host cannot be reached or logged into, or the connection dropped; the host leaves the play. */
public class UnreachableException extends KvmforgeException {

    public UnreachableException(String what, String where, String hint, Throwable cause) {
        super(ErrorKind.UNREACHABLE, what, where, hint, cause);
    }
}
