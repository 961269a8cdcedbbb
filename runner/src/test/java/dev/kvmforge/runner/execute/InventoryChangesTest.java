package dev.kvmforge.runner.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.testkit.LoopbackSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code add_host} and {@code group_by}: hosts and groups added to the run's inventory, seen by later plays and by
 * {@code groups}, {@code group_names}, {@code hostvars}; an added host reached over SSH (a real sshd on loopback);
 * check mode adds them too; a second add changes nothing; the inventory given is not touched.
 */
class InventoryChangesTest {

    private static LoopbackSshd sshd;

    @TempDir
    Path dir;

    PlaybookFixture f;
    Inventory inventory;

    @BeforeAll
    static void startServer() {
        sshd = new LoopbackSshd().withAddress("127.0.22.1").start();
    }

    @AfterAll
    static void stopServer() {
        if (sshd != null) {
            sshd.close();
        }
    }

    @BeforeEach
    void setUp() {
        f = new PlaybookFixture(dir);
        inventory = Inventory.parse("""
                [web]
                w1 ansible_connection=local os=debian
                w2 ansible_connection=local os=debian
                w3 ansible_connection=local os="alpine linux"
                """, "hosts.ini");
    }

    /** The hosts the task ran on, sorted (hosts run in parallel: their results come in any order). */
    private List<String> hosts(String task) {
        return f.results(task).stream().map(Event.HostResult::host).sorted().toList();
    }

    private Event.HostResult on(String task, String host) {
        return f.results(task).stream().filter(x -> x.host().equals(host)).findFirst().orElseThrow();
    }

    @Test
    void aHostAddedOnceIsReachedOverSshInTheNextPlayAndASecondAddChangesNothing() throws Exception {
        RunResult r = f.run("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - name: add
                      add_host:
                        name: "vm1:%d"
                        groups: [vms, fresh]
                        ansible_host: %s
                        ansible_user: %s
                        ansible_ssh_private_key_file: %s
                        role_of_host: builder
                      register: added
                    - name: again
                      add_host: name=vm1:%d groups=vms,fresh ansible_host=%s
                    - name: seen
                      debug:
                        msg: "{{ groups.vms }} {{ hostvars.vm1.role_of_host }} {{ added.add_host.groups }}"
                - hosts: vms
                  gather_facts: false
                  tasks:
                    - name: on the vm
                      command: id -un
                      register: who
                    - name: names
                      debug:
                        msg: "{{ inventory_hostname }} {{ group_names }} {{ ansible_port }} {{ who.stdout }}"
                """.formatted(sshd.port(), sshd.host(), sshd.user(), sshd.ed25519Key(), sshd.port(), sshd.host()),
                f.trusting(sshd), inventory);
        assertEquals(0, r.exitCode(), f.console());
        assertEquals(List.of("w1"), hosts("add"), "add_host runs once for the batch");
        assertEquals(Status.CHANGED, f.status("add"));
        assertEquals(Status.OK, f.status("again"), "the same host, groups and vars again: nothing changes");
        assertEquals("['vm1'] builder ['vms', 'fresh']", on("seen", "w3").values().get("msg"));
        assertEquals("vm1 ['fresh', 'vms'] " + sshd.port() + " " + sshd.user(), f.result("names").values().get("msg"));
        assertEquals(List.of("w1", "w2", "w3", "vm1"), List.copyOf(r.hosts().keySet()), "the recap lists it");
        assertTrue(inventory.host("vm1").isEmpty(), "the inventory given is not changed");
    }

    @Test
    void groupByGroupsEachHostForTheNextPlaysUnderItsParents() {
        f.write("group_vars/os_debian.yml", "greeting: from group_vars\n");
        RunResult r = f.run("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - name: by os
                      group_by:
                        key: "os_{{ os }}"
                        parents: [by_os]
                    - name: by os again
                      group_by: key=os_{{ os }} parents=by_os
                    - name: groups now
                      debug:
                        msg: "{{ groups['os_debian'] }} {{ group_names }}"
                - hosts: os_debian
                  gather_facts: false
                  tasks:
                    - name: debian only
                      debug:
                        msg: "{{ greeting }}"
                - hosts: by_os:!os_debian
                  gather_facts: false
                  tasks:
                    - name: the others
                      command: "true"
                """, RunOptions.defaults(), inventory);
        assertEquals(0, r.exitCode(), f.console());
        assertEquals(List.of("w1", "w2", "w3"), hosts("by os"), "group_by runs on every host");
        assertTrue(f.results("by os").stream().allMatch(x -> x.status() == Status.CHANGED), f.console());
        assertTrue(f.results("by os again").stream().allMatch(x -> x.status() == Status.OK), f.console());
        assertEquals("['w1', 'w2'] ['by_os', 'os_debian', 'web']", on("groups now", "w1").values().get("msg"));
        assertEquals(List.of("w1", "w2"), hosts("debian only"));
        assertEquals("from group_vars", on("debian only", "w1").values().get("msg"),
                "the playbook's group_vars/ of a group group_by made");
        assertEquals(List.of("w3"), hosts("the others"), "a blank in the key becomes '-': os_alpine-linux");
    }

    @Test
    void checkModeAddsHostsAndGroupsTooSoLaterPlaysArePlannedOnThem() {
        RunResult r = f.run("""
                - hosts: w1
                  gather_facts: false
                  tasks:
                    - add_host: name=local2 ansible_connection=local groups=extra
                    - group_by: key=picked
                - hosts: extra:picked
                  gather_facts: false
                  tasks:
                    - name: planned
                      file:
                        path: %s
                        state: touch
                """.formatted(dir.resolve("never")), RunOptions.defaults().withCheck(true), inventory);
        assertEquals(0, r.exitCode(), f.console());
        assertEquals(List.of("local2", "w1"), hosts("planned"));
        assertTrue(f.results("planned").stream().allMatch(x -> x.status() == Status.CHANGED));
        assertTrue(Files.notExists(dir.resolve("never")), "check mode changes nothing on the hosts");
    }

    @Test
    void addHostWithoutANameAndGroupByWithoutAKeyAreRefusedWhenThePlaybookIsRead() {
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> f.run("""
                - hosts: w1
                  gather_facts: false
                  tasks:
                    - name: nameless
                      add_host:
                        groups: vms
                """, RunOptions.defaults(), inventory));
        assertTrue(e.getMessage().contains("site.yml:6:9, task 'nameless': module 'add_host': one of 'name', 'host',"
                + " 'hostname' is required: the name of the host to add"), e.getMessage());
        e = assertThrows(KvmforgeException.class, () -> f.run("""
                - hosts: w1
                  gather_facts: false
                  tasks:
                    - name: keyless
                      group_by:
                        parents: all
                """, RunOptions.defaults(), inventory));
        assertTrue(e.getMessage().contains("'key' is required: the name of the group"), e.getMessage());
    }

    @Test
    void groupsAsAMappingFailAtTheArgument() {
        RunResult r = f.run("""
                - hosts: w1
                  gather_facts: false
                  vars:
                    g: {a: 1}
                  tasks:
                    - name: mapped
                      add_host:
                        name: x
                        groups: "{{ g }}"
                """, RunOptions.defaults(), inventory);
        assertEquals(RunResult.HOST_FAILED, r.exitCode());
        assertTrue(f.console().contains("site.yml:9:"), f.console());
        assertTrue(f.console().contains("'groups' must be a list or a comma-separated string"), f.console());
    }

    @Test
    void addingAHostDoesNotReadTheInventoryFilesAgain() throws Exception {
        Path file = Files.writeString(dir.resolve("hosts.ini"), "w1 ansible_connection=local color=blue\n");
        RunResult r = f.run("""
                - hosts: w1
                  gather_facts: false
                  tasks:
                    - name: the file changes under the run
                      copy: {dest: %s, content: "w1 ansible_connection=local color=red\\n"}
                    - add_host: name=later ansible_connection=local
                    - name: color
                      debug: {msg: "{{ color }}"}
                """.formatted(file), RunOptions.defaults(), Inventory.load(file));
        assertEquals(0, r.exitCode(), f.console());
        assertEquals("blue", f.result("color").values().get("msg"), "the inventory as the run read it");
    }
}
