package dev.kvmforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kvmforge.runner.connection.Controller;
import dev.kvmforge.runner.connection.HostKeyPolicy;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.execute.RunOptions;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.playbook.AnsibleConfig;
import dev.kvmforge.runner.report.ConsoleMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** ansible.cfg's run settings under {@code kvmforge run}: each applies where its option is not given. */
class AnsibleCfgOptionsTest {

    @TempDir
    Path dir;

    private AnsibleConfig config() throws Exception {
        Path cfg = dir.resolve("ansible.cfg");
        Files.writeString(dir.resolve("hosts.ini"), "web1 ansible_host=127.0.0.2\nweb2 ansible_host=127.0.0.3\n");
        Files.writeString(cfg, """
                [defaults]
                inventory = hosts.ini
                forks = 25
                remote_user = ops
                private_key_file = keys/fleet
                host_key_checking = False
                timeout = 42
                [privilege_escalation]
                become = True
                become_user = admin
                """);
        return AnsibleConfig.read(cfg);
    }

    private static RunCommand parsed(String... args) {
        RunCommand run = new RunCommand(Invocation.thisProcess(ConsoleMode.PLAIN));
        new CommandLine(run).parseArgs(args);
        return run;
    }

    @Test
    void theConfigFillsWhatTheCommandLineLeavesOut() throws Exception {
        AnsibleConfig config = config();
        RunCommand run = parsed("site.yml");
        RunOptions o = run.options(config, Map.of());
        assertEquals(List.of(25, "ops", dir.resolve("keys/fleet"), HostKeyPolicy.OFF, Duration.ofSeconds(42), true,
                "admin"), List.of(o.forks(), o.remoteUser(), o.privateKey(), o.hostKeyPolicy(), o.timeout(), o.become(),
                o.becomeUser()));
        Inventory hosts = run.inventory.load(config, new Controller(dir, Map.of()));
        assertEquals(List.of("web1", "web2"), hosts.hosts().stream().map(h -> h.name()).toList());
    }

    @Test
    void theCommandLineWinsAndTheEnvironmentWinsOverTheFile() throws Exception {
        AnsibleConfig config = config();
        RunCommand run = parsed("-f", "2", "-u", "me", "--private-key", "/k", "--host-key-policy", "accept-new",
                "-T", "5", "--become-user", "root", "-i", "solo,", "site.yml");
        RunOptions o = run.options(config, Map.of());
        assertEquals(List.of(2, "me", Path.of("/k"), HostKeyPolicy.ACCEPT_NEW, Duration.ofSeconds(5), "root"),
                List.of(o.forks(), o.remoteUser(), o.privateKey(), o.hostKeyPolicy(), o.timeout(), o.becomeUser()));
        assertEquals(List.of("solo"), run.inventory.load(config, new Controller(dir, Map.of())).hosts().stream().map(h -> h.name())
                .toList());
        RunOptions env = parsed("site.yml").options(config, Map.of("ANSIBLE_FORKS", "4",
                "ANSIBLE_HOST_KEY_CHECKING", "yes", "ANSIBLE_BECOME", "false"));
        assertEquals(List.of(4, HostKeyPolicy.STRICT, false), List.of(env.forks(), env.hostKeyPolicy(), env.become()));
        RunOptions none = parsed("site.yml").options(AnsibleConfig.NONE, Map.of());
        assertEquals(List.of(RunOptions.DEFAULT_FORKS, HostKeyPolicy.STRICT, false), List.of(none.forks(),
                none.hostKeyPolicy(), none.become()));
    }

    @Test
    void aBecomeMethodOtherThanSudoIsRefused() {
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> parsed("site.yml")
                .options(AnsibleConfig.NONE, Map.of("ANSIBLE_BECOME_METHOD", "doas")));
        assertEquals("ANSIBLE_BECOME_METHOD: become method 'doas' is not supported", e.what());
    }
}
