package dev.kvmforge.runner.libvirt;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;

/** libvirt cannot be used on a host yet: libvirtd does not answer, or virsh is not installed. */
public class LibvirtUnavailableException extends KvmforgeException {

    public LibvirtUnavailableException(String what, String where, String hint) {
        super(ErrorKind.TASK, what, where, hint);
    }
}
