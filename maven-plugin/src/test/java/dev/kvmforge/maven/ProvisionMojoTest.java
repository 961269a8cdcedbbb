package dev.kvmforge.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.connection.HostKeyPolicy;
import dev.kvmforge.runner.execute.RunOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisionMojoTest {

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();

    private ProvisionMojo mojo(String playbook) {
        ProvisionMojo m = new ProvisionMojo();
        m.setLog(log);
        m.basedir = dir.toFile();
        m.playbook = playbook;
        return m;
    }

    private String write(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text);
        return name;
    }

    @Test
    void parametersBecomeTheRunsOptions() {
        ProvisionMojo m = mojo("site.yml");
        m.check = true;
        m.diff = true;
        m.forks = 3;
        m.limit = "kvm1";
        m.tags = List.of("a,b", "c");
        m.skipTags = List.of("slow");
        m.extraVars = Map.of("disk", "10G", "name", "vm1");
        m.extraVarsList = "disk=20G,size=2";
        m.become = true;
        m.hostKeyPolicy = "accept-new";
        m.knownHosts = dir.resolve("known_hosts").toFile();
        m.verbosity = 2;
        RunOptions o = m.options();
        assertTrue(o.check() && o.diff() && o.become());
        assertEquals(3, o.forks());
        assertEquals("kvm1", o.limit());
        assertEquals(Set.of("a", "b", "c"), o.tags());
        assertEquals(Set.of("slow"), o.skipTags());
        assertEquals(Map.of("disk", "20G", "name", "vm1", "size", "2"), o.extraVars());
        assertEquals(HostKeyPolicy.ACCEPT_NEW, o.hostKeyPolicy());
        assertEquals(dir.resolve("known_hosts"), o.knownHosts());
        assertEquals(2, o.verbosity());
    }

    @Test
    void badParameterValuesNameTheParameter() {
        ProvisionMojo m = mojo("site.yml");
        m.hostKeyPolicy = "sometimes";
        MojoExecutionException e = assertThrows(MojoExecutionException.class, m::execute);
        assertEquals("kvm:provision: hostKeyPolicy: unknown host key policy 'sometimes': use strict, accept-new or off",
                e.getMessage());
        m.hostKeyPolicy = "strict";
        m.forks = 0;
        e = assertThrows(MojoExecutionException.class, m::execute);
        assertEquals("kvm:provision: forks must be at least 1, not 0", e.getMessage());
    }

    @Test
    void checkModeRunsInTheCliShapeAndChangesNothing() throws Exception {
        Path target = dir.resolve("made.txt");
        ProvisionMojo m = mojo(write("site.yml", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: make it
                      copy:
                        content: "hello {{ who }}\\n"
                        dest: %s
                """.formatted(target)));
        m.check = true;
        m.extraVarsList = "who=maven";
        m.execute();
        String out = log.text();
        assertTrue(out.contains("INFO PLAY [all] [CHECK MODE] ****"), out);
        assertTrue(out.contains("INFO TASK [make it] ****"), out);
        assertTrue(out.contains("INFO changed: [localhost]"), out);
        assertTrue(out.contains("INFO PLAY RECAP ****"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("INFO localhost") && l.contains("changed=1")), out);
        assertFalse(Files.exists(target));

        m.check = false;
        m.execute();
        assertEquals("hello maven\n", Files.readString(target));
    }

    @Test
    void aFailedTaskFailsTheBuildNamingHostTaskAndMessage() throws Exception {
        ProvisionMojo m = mojo(write("site.yml", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: break
                      command: sh -c 'echo broken >&2; exit 3'
                """));
        MojoFailureException e = assertThrows(MojoFailureException.class, m::execute);
        assertTrue(e.getMessage().startsWith("kvm:provision: task 'break' failed on host localhost ("
                + dir.resolve("site.yml") + ":4:7): non-zero return code 3"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(log.text().contains("INFO fatal: [localhost]: FAILED! => "), log.text());
    }

    @Test
    void anUnreachableHostFailsTheBuildNamingIt() throws Exception {
        // nothing listens on port 1 of this loopback address: the connection is refused at once
        write("hosts.ini", "[kvm]\nkvm9 ansible_host=127.0.40.9 ansible_port=1 ansible_user=nobody\n");
        ProvisionMojo m = mojo(write("site.yml", """
                - hosts: kvm
                  gather_facts: false
                  tasks:
                    - name: reach it
                      command: "true"
                """));
        m.inventory = dir.resolve("hosts.ini").toFile();
        MojoFailureException e = assertThrows(MojoFailureException.class, m::execute);
        assertTrue(e.getMessage().startsWith("kvm:provision: host kvm9 is unreachable (task 'reach it'): "),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(log.text().contains("INFO fatal: [kvm9]: UNREACHABLE! => "), log.text());
    }

    @Test
    void noLogKeepsTheSecretOutOfLogAndFailure() throws Exception {
        ProvisionMojo m = mojo(write("site.yml", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: secret
                      fail:
                        msg: "the password is {{ pw }}"
                      no_log: true
                """));
        m.extraVars = Map.of("pw", "hunter2-secret");
        MojoFailureException e = assertThrows(MojoFailureException.class, m::execute);
        assertFalse(e.getMessage().contains("hunter2-secret"), e.getMessage());
        assertFalse(log.text().contains("hunter2-secret"), log.text());
        assertTrue(e.getMessage().contains("task 'secret' failed on host localhost"), e.getMessage());
    }

    @Test
    void aParseErrorNamesFileLineAndColumnOnOneLine() throws Exception {
        ProvisionMojo m = mojo(write("site.yml", """
                - hosts: all
                  tasks:
                    - name: typo
                      comand: true
                """));
        MojoExecutionException e = assertThrows(MojoExecutionException.class, m::execute);
        assertTrue(e.getMessage().startsWith("kvm:provision: " + dir.resolve("site.yml") + ":4:"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        // Maven appends the messages of causes it has not printed: the cause must add nothing
        assertEquals(e.getMessage(), e.getCause().getMessage());
        assertEquals(null, e.getCause().getCause());
    }

    @Test
    void anUnknownShippedNameSuggestsTheNearest() {
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo("pnig")::execute);
        assertEquals("kvm:provision: the playbook: pnig could not be found; hint: check the path, or name a shipped "
                + "playbook: did you mean ping?", e.getMessage());
        e = assertThrows(MojoExecutionException.class, mojo(null)::execute);
        assertTrue(e.getMessage().startsWith("kvm:provision: no playbook given; hint: name a playbook file, or a "
                + "shipped playbook: "), e.getMessage());
    }

    @Test
    void aShippedPlaybookRunsByName() throws Exception {
        mojo("ping").execute();
        assertTrue(log.text().contains("INFO kvm:provision: shipped playbook ping on the local host"), log.text());
        assertTrue(log.text().contains("INFO TASK [ping] ****"), log.text());
    }

    @Test
    void skipSaysSoAndRunsNothing() throws Exception {
        ProvisionMojo m = mojo("does-not-exist.yml");
        m.skip = true;
        m.execute();
        assertEquals(List.of("INFO Skipping kvm:provision: skip is true"), log.lines);
    }
}
