package dev.kvmforge.checks.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kvmforge.checks.model.Check;
import dev.kvmforge.checks.model.Severity;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading spec files: what a check becomes, and every mistake as file:line:column with the nearest valid keys. */
class SpecFileTest {

    static String error(String yaml) {
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> SpecFile.read(yaml, "site.yml", "site"));
        assertEquals(ErrorKind.PARSE, e.kind());
        return e.getMessage();
    }

    @Test
    void aCheckHasTheDescriptionOfABuiltInOne(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Site_Rules.yml"), """
                - id: SITE-SSH
                  title: sshd runs
                  severity: high
                  rationale: operators reach the host over SSH
                  hint: systemctl enable --now ssh
                  tags: [access, ssh]
                  references: [https://www.openssh.com/manual.html]
                  service: {name: ssh, process: sshd, running: true, enabled: true}
                - id: SITE-FORWARD
                  title: IP forwarding is on
                  sysctl: {name: net.ipv4.ip_forward, value: 1}
                """);
        List<SpecFile.SpecCheck> checks = SpecFile.read(file);
        assertEquals(2, checks.size());
        Check ssh = checks.get(0).check();
        assertEquals("SITE-SSH", ssh.id());
        assertEquals("site_rules", ssh.info().group().id());
        assertEquals(Severity.HIGH, ssh.info().severity());
        assertEquals("systemctl enable --now ssh", ssh.info().hint());
        assertEquals(Set.of("access", "ssh"), ssh.info().tags());
        assertEquals("https://www.openssh.com/manual.html", ssh.info().references().get(0).toString());
        assertEquals(List.of("systemd-unit:ssh.service", "running-processes", "enabled-units"),
                ssh.probes().stream().map(p -> p.name()).toList());
        assertEquals(file + ":1:3", checks.get(0).location().toString());
        assertEquals(Severity.MEDIUM, checks.get(1).check().info().severity());
    }

    @Test
    void unknownKeysNameTheNearestValidOnes() {
        assertEquals("""
                site.yml:3:3: unknown key 'titel' in a check
                  hint: did you mean title?""", error("""
                - id: SITE-A
                  title: a
                  titel: b
                  file: {path: /etc/hosts}
                """));
        assertEquals("""
                site.yml:4:5: unknown key 'runing' in the service test of SITE-A
                  hint: did you mean running?""", error("""
                - id: SITE-A
                  title: a
                  service:
                    runing: true
                    name: ssh
                """));
    }

    @Test
    void valuesOfTheWrongKindSayWhatWasExpected() {
        assertEquals("site.yml:3:33: running in the service test of SITE-A must be true or false, not a string",
                error("""
                        - id: SITE-A
                          title: a
                          service: {name: ssh, running: 'yes please'}
                        """));
        assertEquals("""
                site.yml:3:34: mode must be quoted text in the file test of SITE-A, not a number
                  hint: write it in quotes: mode: '0640' (YAML reads an unquoted 0640 as the number 416)""", error("""
                - id: SITE-A
                  title: a
                  file: {path: /etc/hosts, mode: 0644}
                """));
        assertEquals("""
                site.yml:3:34: unknown file type 'dir'
                  hint: did you mean directory?""", error("""
                - id: SITE-A
                  title: a
                  file: {path: /etc/hosts, type: dir}
                """));
        assertEquals("""
                site.yml:3:13: unknown severity 'hgh'
                  hint: did you mean high?""", error("""
                - id: SITE-A
                  title: a
                  severity: hgh
                  file: {path: /etc/hosts}
                """));
        assertEquals("site.yml:3:37: not a regular expression in matches: '(': Unclosed group", error("""
                - id: SITE-A
                  title: a
                  file: {path: /etc/hosts, matches: '('}
                """).lines().findFirst().orElseThrow());
        assertEquals("""
                site.yml:3:29: not an IP address: 'localhost'
                  hint: write an IPv4 or IPv6 address (0.0.0.0, ::1), not a name""", error("""
                - id: SITE-A
                  title: a
                  port: {port: 22, address: localhost}
                """));
    }

    @Test
    void aCheckTestsExactlyOneThingUnderItsOwnId() {
        assertEquals("""
                site.yml:1:3: check SITE-A tests nothing
                  hint: add one of file, package, service, command, sysctl, port, process, user, group""", error("""
                - id: SITE-A
                  title: a
                """));
        assertEquals("""
                site.yml:4:3: check SITE-A tests both file and user; a check tests one thing
                  hint: split it into two checks with their own ids""", error("""
                - id: SITE-A
                  title: a
                  file: {path: /etc/hosts}
                  user: {name: root}
                """));
        assertEquals("""
                site.yml:1:7: a check id is upper-case words and digits joined by '-', not 'site ssh'
                  hint: for example SITE-SSH""", error("""
                - id: site ssh
                  title: a
                  file: {path: /etc/hosts}
                """));
        assertEquals("""
                site.yml:4:3: the check id SITE-A is used twice (first at site.yml:1:3)
                  hint: give each check its own id""", error("""
                - id: SITE-A
                  title: a
                  file: {path: /etc/hosts}
                - id: SITE-A
                  title: b
                  file: {path: /etc/passwd}
                """));
    }

    @Test
    void theFileIsAListOfChecks() {
        assertEquals("""
                site.yml:1:1: a spec file must be a list ('- ' items) of checks, not a mapping
                  hint: start each check with '- '""", error("""
                id: SITE-A
                title: a
                """));
        assertEquals("site.yml:1:1: the spec file has no checks", error("").lines().findFirst().orElseThrow());
        assertEquals("site.yml:3:9: the file test of SITE-A needs 'path'", error("""
                - id: SITE-A
                  title: a
                  file: {mode: '0644'}
                """));
    }
}
