package dev.kvmforge.checks.probe;

import dev.kvmforge.runner.connection.Shell;

/**
 * A kernel parameter of the running kernel as {@code sysctl} shows it, read from {@code /proc/sys}.
 *
 * @param name    dotted name: {@code net.ipv4.ip_forward}
 * @param present the kernel has it (and the login user may read it)
 * @param value   its value, blanks between fields made single spaces ({@code 4096 16384 4194304})
 */
public record KernelParameter(String name, boolean present, String value) {

    static String script(String name) {
        return String.join("\n",
                "p=/proc/sys/$(printf '%s' " + Shell.quote(name) + " | tr . /)",
                "if [ -r \"$p\" ]; then cat \"$p\"; else exit 3; fi");
    }

    static KernelParameter read(ProbeOutput out, String name) {
        if (out.exitStatus() != 0) {
            return new KernelParameter(name, false, "");
        }
        return new KernelParameter(name, true, normalize(out.stdout()));
    }

    /** Blanks (tabs, newlines, runs of spaces) as one space, none at the ends. */
    public static String normalize(String value) {
        return value.strip().replaceAll("\\s+", " ");
    }
}
