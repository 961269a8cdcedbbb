package dev.kvmforge.cli;

import dev.kvmforge.runner.connection.HostKeyPolicy;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --known-hosts} and {@code --host-key-policy}, written once for {@code run} and {@code verify}. */
final class HostKeyOptions {

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "known_hosts file (default: ~/.ssh/known_hosts).")
    Path knownHosts;

    @Option(names = "--host-key-policy", paramLabel = "POLICY", converter = HostKeyPolicyOption.class,
            completionCandidates = HostKeyPolicyOption.class,
            description = "Unknown host keys: ${COMPLETION-CANDIDATES} (default: strict). A changed key is always refused.")
    HostKeyPolicy hostKeyPolicy = HostKeyPolicy.STRICT;
}
