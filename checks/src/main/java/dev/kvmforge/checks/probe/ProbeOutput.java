package dev.kvmforge.checks.probe;

/**
 * What one probe printed.
 *
 * @param probe      the probe's name
 * @param root       the root the probe read under, as the host spells it ({@code /} or {@code /srv/image})
 * @param exitStatus the fragment's exit status
 * @param stdout     its standard output
 * @param stderr     its standard error
 */
public record ProbeOutput(String probe, String root, int exitStatus, String stdout, String stderr) {

    /** {@code path} as it is on the host: under the root. */
    public String onHost(String path) {
        return "/".equals(root) ? path : root + path;
    }
}
