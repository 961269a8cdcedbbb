package dev.kvmforge.runner.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.testkit.LoopbackSshd;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code delegate_to} and {@code delegate_facts}, with a real sshd on loopback as the delegate or the task's host:
 * the task runs on the delegate with its own host's variables, its own host not logged into; a delegate per loop item;
 * facts to the delegate when asked; an unreachable delegate.
 */
class DelegationTest {

    private static LoopbackSshd sshd;

    @TempDir
    Path dir;

    PlaybookFixture f;

    @BeforeAll
    static void startServer() {
        sshd = new LoopbackSshd().withAddress("127.0.22.4").start();
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
    }

    private Inventory inventory() {
        return Inventory.parse("""
                [local]
                here ansible_connection=local
                [remote]
                there ansible_host=%s ansible_port=%d ansible_user=%s ansible_ssh_private_key_file=%s ansible_become_password='%s'
                [booting]
                vm ansible_host=127.0.22.5 ansible_port=1 ansible_user=nobody
                """.formatted(sshd.host(), sshd.port(), sshd.user(), sshd.ed25519Key(), sshd.password()), "hosts.ini");
    }

    private RunOptions options() {
        return f.trusting(sshd);
    }

    private Event.HostResult on(String task, String host) {
        return f.results(task).stream().filter(x -> x.host().equals(host)).findFirst()
                .orElseThrow(() -> new AssertionError(task + " on " + host + ":\n" + f.console()));
    }

    @Test
    void aDelegatedTaskRunsOnTheDelegateWithItsOwnHostsVariablesAndItsHostIsNeverLoggedInto() throws Exception {
        RunResult r = f.run("""
                - hosts: here:vm
                  gather_facts: false
                  vars:
                    greeting: "from {{ inventory_hostname }}"
                  tasks:
                    - name: on the ssh host
                      command: sh -c 'echo "{{ greeting }} as $(id -un)"'
                      delegate_to: there
                      register: out
                    - name: on this machine
                      command: echo {{ inventory_hostname }}
                      delegate_to: localhost
                """, options(), inventory());
        assertEquals(0, r.exitCode(), f.console());
        assertEquals("from here as " + sshd.user(), on("on the ssh host", "here").values().get("stdout"));
        assertEquals("from vm as " + sshd.user(), on("on the ssh host", "vm").values().get("stdout"),
                "vm is not reachable: only its delegate is reached");
        assertEquals("vm", on("on this machine", "vm").values().get("stdout"));
        assertEquals(0, r.hosts().get("vm").unreachable());
        assertTrue(f.console().contains("[vm -> there]") || f.console().contains("[vm]"), f.console());
    }

    @Test
    void eachLoopItemMayNameItsDelegateAndFactsGoToTheDelegateWhenAsked() throws Exception {
        RunResult r = f.run("""
                - hosts: here
                  gather_facts: false
                  tasks:
                    - name: each
                      command: id -un
                      delegate_to: "{{ item }}"
                      loop: [there, localhost]
                      register: each
                    - name: mark the delegate
                      set_fact:
                        marked: yes
                      delegate_to: there
                      delegate_facts: true
                    - name: mark myself
                      set_fact:
                        mine: yes
                      delegate_to: there
                    - name: where
                      debug:
                        msg: "{{ each.results | map(attribute='stdout') | list }} {{ hostvars['there'].marked }}
                          {{ marked is defined }} {{ mine }}"
                """, options(), inventory());
        assertEquals(0, r.exitCode(), f.console());
        assertEquals("['" + sshd.user() + "', 'root'] True False True", String.valueOf(on("where", "here").values()
                .get("msg")).replaceAll("\\s+", " "));
    }

    @Test
    void aDelegatedTaskBecomesWithTheDelegatesPasswordNotItsHosts() throws Exception {
        RunResult r = f.run("""
                - hosts: here
                  gather_facts: false
                  tasks:
                    - name: root there
                      command: id -u
                      become: true
                      delegate_to: there
                """, options(), inventory());
        assertEquals(0, r.exitCode(), f.console());
        assertEquals("0", on("root there", "here").values().get("stdout"));
        assertTrue(!f.console().contains(sshd.password()), "the password is not shown");
    }

    @Test
    void anUnreachableDelegateMakesTheTasksHostUnreachable() throws Exception {
        RunResult r = f.run("""
                - hosts: here
                  gather_facts: false
                  tasks:
                    - name: to the booting vm
                      command: "true"
                      delegate_to: vm
                    - name: after
                      command: "true"
                """, options(), inventory());
        assertEquals(RunResult.HOST_UNREACHABLE, r.exitCode(), f.console());
        assertEquals(Status.UNREACHABLE, on("to the booting vm", "here").status());
        assertTrue(f.results("after").isEmpty());
    }
}
