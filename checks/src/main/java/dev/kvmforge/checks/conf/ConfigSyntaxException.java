package dev.kvmforge.checks.conf;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.SourceLocation;

/** A libvirt configuration file libvirt itself would refuse, with {@code file:line:column}. */
public final class ConfigSyntaxException extends KvmforgeException {

    private final SourceLocation location;

    public ConfigSyntaxException(SourceLocation location, String what) {
        super(ErrorKind.PARSE, what, location.toString(),
                "libvirt refuses to start with this file too; fix the line (see the comments in the packaged file)");
        this.location = location;
    }

    public SourceLocation location() {
        return location;
    }
}
