package dev.kvmforge.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.connection.Secret;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.execute.RunOptions;
import dev.kvmforge.runner.execute.RunResult;
import dev.kvmforge.runner.inventory.Inventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public run API: the secrets of a run never reach its listeners. */
class PlaybookRunTest {

    @TempDir
    Path dir;

    private final Inventory inventory = Inventory.builder()
            .withGroup("kvm", Map.of("ansible_ssh_private_key_passphrase", "Phrase-PW", "ansible_ssh_pass", 31337))
            .withHost("localhost", Map.of("ansible_connection", "local", "ansible_password", "Host-PW"), "kvm")
            .build();

    private Path playbook() throws Exception {
        Path pb = dir.resolve("site.yml");
        Files.writeString(pb, """
                - hosts: kvm
                  gather_facts: false
                  vars:
                    db_password: "it's Play-PW"
                    ansible_become_password: "{{ from_vault }}"
                    from_vault: not-a-secret-name
                  tasks:
                    - name: echo
                      shell: echo {{ db_password | quote }} {{ ansible_password }} {{ ansible_ssh_pass }} {{ api_pass }}
                    - copy:
                        content: "{{ db_password }} {{ ansible_ssh_private_key_passphrase }}"
                        dest: "{{ out }}"
                """);
        return pb;
    }

    @Test
    void secretsComeFromInventoryPlaysExtraVarsAndBecomePassword() throws Exception {
        PlaybookRun run = PlaybookRun.of(playbook());
        RunOptions options = RunOptions.defaults().withExtraVars(Map.of("api_pass", "Extra-PW", "out", "x"))
                .withBecome(false, null, Secret.of("Minus-K-PW"));
        Set<String> secrets = PlaybookRun.secrets(inventory, options, run.parse());
        assertEquals(Set.of("Host-PW", "Phrase-PW", "31337", "it's Play-PW", "'it'\"'\"'s Play-PW'", "Extra-PW",
                "Minus-K-PW"), secrets, "a template is no secret; the quoted form of one is");
    }

    @Test
    void listenersSeeEveryEventWithTheSecretsMasked() throws Exception {
        Path out = dir.resolve("app.conf");
        List<Event> events = new CopyOnWriteArrayList<>();
        RunResult result = PlaybookRun.of(playbook()).withInventory(inventory)
                .withOptions(RunOptions.defaults().withVerbosity(3).withDiff(true)
                        .withExtraVars(Map.of("api_pass", "Extra-PW", "out", out.toString())))
                .withListener(events::add).run();
        assertTrue(result.ok(), events.toString());
        assertEquals("it's Play-PW Phrase-PW", Files.readString(out), "the task had the real values");
        String all = events.toString();
        for (String secret : List.of("Play-PW", "Host-PW", "31337", "Extra-PW", "Phrase-PW")) {
            assertFalse(all.contains(secret), secret + " in " + all);
        }
        assertTrue(events.stream().anyMatch(e -> e instanceof Event.HostCommand c
                && c.command().contains("echo ******** ******** ******** ********")), all);
        assertTrue(events.stream().anyMatch(e -> e instanceof Event.HostOutput o
                && o.line().equals("******** ******** ******** ********")), all);
    }
}
