package dev.kvmforge.runner.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kvmforge.runner.PlaybookRun;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.playbook.AnsibleConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** setup (gather_facts), ping and slurp as tasks, compared with what this machine's own tools say. */
class SetupAndPingTest {

    @TempDir
    Path dir;

    private static String sh(String line) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    @Test
    void setupSetsTheFactsAndPingAnswers() throws Exception {
        PlaybookFixture f = new PlaybookFixture(dir);
        var r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - ansible.builtin.setup:
                        gather_subset: [min]
                    - name: seen
                      debug:
                        msg: "{{ ansible_os_family }} {{ ansible_facts.distribution }} {{ ansible_pkg_mgr }}"
                    - name: virt
                      debug:
                        msg: "{{ ansible_virtualization_type }}/{{ ansible_virtualization_role }}"
                    - name: route
                      debug:
                        msg: "{{ ansible_default_ipv4.interface | default('none') }}"
                    - ping:
                    - gather_facts:
                        filter: [ansible_hostname]
                      register: some
                """);
        assertEquals(0, r.exitCode(), f.console());
        assertEquals("Debian Debian apt", f.result("seen").values().get("msg"));
        String virt = sh("systemd-detect-virt 2>/dev/null | head -n 1");
        assertEquals(virt.isEmpty() || virt.equals("none") ? "NA/NA" : virt + "/guest",
                f.result("virt").values().get("msg"));
        String dev = sh("ip -4 route show default 2>/dev/null | head -n 1 | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p'");
        assertEquals(dev.isEmpty() ? "none" : dev, f.result("route").values().get("msg"));
        assertEquals("pong", f.result("ping").values().get("ping"));
        @SuppressWarnings("unchecked")
        Map<String, Object> facts = (Map<String, Object>) f.result("gather_facts").values().get("ansible_facts");
        assertEquals(sh("hostname"), facts.get("ansible_hostname"));
        assertEquals(false, facts.containsKey("ansible_os_family"), "the filter keeps only what it names");
    }

    /** How many times facts are gathered for three plays (the last says gather_facts: true) under {@code gathering}. */
    private long gatherings(String gathering) throws Exception {
        PlaybookFixture f = new PlaybookFixture(dir);
        Path cfg = f.write("ansible.cfg", "[defaults]\ngathering = " + gathering + "\n");
        Path site = f.write("site.yml", """
                - hosts: localhost
                  tasks:
                    - debug: {msg: one}
                - hosts: localhost
                  tasks:
                    - debug: {msg: "{{ ansible_facts.distribution | default('none') }}"}
                - hosts: localhost
                  gather_facts: true
                  tasks:
                    - debug: {msg: three}
                """);
        List<Event> events = new ArrayList<>();
        RunResult r = PlaybookRun.of(site).withAnsibleConfig(AnsibleConfig.read(cfg), Map.of())
                .withListener(events::add).run();
        assertEquals(0, r.exitCode());
        return events.stream().filter(e -> e instanceof Event.TaskStarted t && t.name().equals("Gathering Facts"))
                .count();
    }

    @Test
    void ansibleCfgGatheringDecidesForPlaysThatDoNotSay() throws Exception {
        assertEquals(3, gatherings("implicit"), "every play gathers");
        assertEquals(1, gatherings("explicit"), "only the play that says gather_facts: true");
        assertEquals(1, gatherings("smart"), "once per host in the run");
    }

    @Test
    void slurpAndSetFactItemByItem() throws Exception {
        PlaybookFixture f = new PlaybookFixture(dir);
        var r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - slurp:
                        src: /etc/os-release
                      register: os
                    - set_fact:
                        seen: "{{ (seen | default([])) + [item] }}"
                      loop: [a, b]
                    - name: both
                      debug:
                        msg: "{{ seen | join(',') }}"
                """);
        assertEquals(0, r.exitCode(), f.console());
        assertEquals(sh("base64 -w 0 /etc/os-release"), f.result("slurp").values().get("content"));
        assertEquals("a,b", f.result("both").values().get("msg"), "set_fact in a loop sets its facts item by item");
    }
}
