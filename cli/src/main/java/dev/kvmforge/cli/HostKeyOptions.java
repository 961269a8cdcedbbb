package dev.kvmforge.cli;

import dev.kvmforge.runner.connection.HostKeyPolicy;
import dev.kvmforge.runner.playbook.AnsibleConfig;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --known-hosts} and {@code --host-key-policy}, written once for {@code run} and {@code verify}. */
final class HostKeyOptions {

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "known_hosts file (default: ~/.ssh/known_hosts).")
    Path knownHosts;

    @Option(names = "--host-key-policy", paramLabel = "POLICY", converter = HostKeyPolicyOption.class,
            completionCandidates = HostKeyPolicyOption.class,
            description = "Unknown host keys: ${COMPLETION-CANDIDATES} (default: strict, or off where ansible.cfg says "
                    + "host_key_checking = False). A changed key is always refused.")
    HostKeyPolicy hostKeyPolicy;

    /** The policy given, else ansible.cfg's {@code host_key_checking} (False: off), else strict. */
    HostKeyPolicy policy(AnsibleConfig config, Map<String, String> env) {
        if (hostKeyPolicy != null) {
            return hostKeyPolicy;
        }
        return config.hostKeyChecking(env).map(check -> check ? HostKeyPolicy.STRICT : HostKeyPolicy.OFF)
                .orElse(HostKeyPolicy.STRICT);
    }
}
