package dev.kvmforge.runner.connection;

import java.util.Locale;

/** What to do with a host key not yet in known_hosts. A changed key is refused under every policy. */
public enum HostKeyPolicy {
    /** Refuse hosts not in known_hosts (the default). */
    STRICT,
    /** Accept and record a host not yet in known_hosts; refuse a changed key. */
    ACCEPT_NEW,
    /** Check nothing: for throwaway test hosts only. */
    OFF;

    /** The policy named as on the command line: {@code strict}, {@code accept-new}, {@code off}. */
    public static HostKeyPolicy parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "strict", "yes", "true" -> STRICT;
            case "accept-new" -> ACCEPT_NEW;
            case "off", "no", "false" -> OFF;
            default -> throw new IllegalArgumentException("unknown host key policy '" + s
                    + "': use strict, accept-new or off");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
