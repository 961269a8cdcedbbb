package com.example.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.VerificationRun;
import dev.kvmforge.runner.PlaybookRun;
import dev.kvmforge.runner.connection.HostKeyPolicy;
import dev.kvmforge.runner.execute.RunOptions;
import dev.kvmforge.runner.execute.RunResult;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.testkit.DebianHost;
import dev.kvmforge.testkit.PrepareDocker;
import dev.kvmforge.testkit.ThrowawayHost;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The app-host playbook, run for real on a fresh Debian host that exists for this test only. */
class AppHostPlaybookTest {

    private static final Path PLAYBOOK = Path.of("playbooks/app-host.yml");
    private static final Path CHECKS = Path.of("src/test/kvm/app-checks.yml");

    @BeforeAll
    static void docker() {
        PrepareDocker.ensure(); // Docker and the Debian image; fast when they are there
    }

    @Test
    void setsUpTheAppOnAFreshDebianHost(@ThrowawayHost DebianHost host) {
        Inventory inventory = Inventory.parse(host.inventoryLine("h1"), "inv");
        RunOptions options = RunOptions.defaults().withKnownHosts(host.knownHostsFile(), HostKeyPolicy.STRICT);

        RunResult first = PlaybookRun.of(PLAYBOOK).withInventory(inventory).withOptions(options).run();
        assertEquals(RunResult.OK, first.exitCode());
        assertEquals(3, first.changed());

        RunResult second = PlaybookRun.of(PLAYBOOK).withInventory(inventory).withOptions(options).run();
        assertEquals(RunResult.OK, second.exitCode());
        assertEquals(0, second.changed(), "a second run changes nothing");

        // from inside the container, not over SSH
        assertEquals("listen = 127.0.0.1:8080\n", host.exec("cat", "/srv/app/app.conf").stdout());

        VerificationResult checks = VerificationRun.of(inventory)
                .withSpecs(CHECKS)
                .withChecks("APP-*")
                .withKnownHosts(host.knownHostsFile(), HostKeyPolicy.STRICT)
                .run();
        assertEquals(3, checks.results().size(), checks.results().toString());
        assertTrue(checks.passed(), checks.results().toString());
    }
}
