package dev.kvmforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.yaml.Yaml;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code kvmforge run} on the local host, for real: playbooks with command and debug tasks. */
class RunCommandTest {

    @TempDir
    Path dir;

    private String write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p.toString();
    }

    private String playbook() throws Exception {
        return write("site.yml", """
                - name: local checks
                  hosts: all
                  gather_facts: false
                  tasks:
                    - name: say hello
                      debug:
                        msg: "hello {{ who | default('world') }}"
                    - name: run true
                      command: "true"
                      tags: [probe]
                    - name: list things
                      command: "echo {{ item }}"
                      loop: [a, b]
                """);
    }

    @Test
    void runsALocalPlaybookAndPrintsTasksAndRecap() throws Exception {
        Cli r = Cli.run("run", playbook());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("\nPLAY [local checks] ****"), r.toString());
        assertTrue(r.out().contains("\nTASK [say hello] ****"), r.toString());
        assertTrue(r.out().contains("ok: [localhost] => {\n    \"msg\": \"hello world\"\n}\n"), r.toString());
        assertTrue(r.out().contains("\nTASK [run true] ****"), r.toString());
        assertTrue(r.out().contains("changed: [localhost] => (item=a)\nchanged: [localhost] => (item=b)\n"),
                r.toString());
        assertTrue(r.out().contains("\nPLAY RECAP ****"), r.toString());
        assertTrue(r.out().contains("localhost                  : ok=3    changed=2    unreachable=0    failed=0"),
                r.toString());
        assertEquals("", r.err());
    }

    @Test
    void aFailedTaskExitsTwo() throws Exception {
        String pb = write("fail.yml", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: fails
                      command: "false"
                    - name: never runs
                      command: "true"
                """);
        Cli r = Cli.run("run", pb);
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.out().contains("fatal: [localhost]: FAILED! => "), r.toString());
        assertFalse(r.out().contains("TASK [never runs]"), r.toString());
        assertTrue(r.out().contains("failed=1"), r.toString());
    }

    @Test
    void malformedYamlExitsFourWithWhereAndHint() throws Exception {
        String pb = write("bad.yml", "- hosts: all\n  tasks:\n    - name: x\n     command: true\n");
        Cli r = Cli.run("run", pb);
        assertEquals(4, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("ERROR! " + pb + ":"), r.toString());
        assertTrue(r.err().contains("hint: "), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
    }

    @Test
    void stackTraceOnlyWithFourVs() throws Exception {
        String pb = write("bad.yml", "- hosts: all\n  nonsense: 1\n");
        Cli r = Cli.run("run", pb, "-vvvv");
        assertEquals(4, r.exitCode(), r.toString());
        assertTrue(r.err().contains("\tat dev.kvmforge."), r.toString());
    }

    @Test
    void unknownOptionExitsFiveWithUsageHint() {
        Cli r = Cli.run("run", "site.yml", "--chek");
        assertEquals(5, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("ERROR! Unknown option: '--chek'"), r.toString());
        assertTrue(r.err().contains("--check"), "suggests the near option: " + r);
        assertTrue(r.err().contains("Try 'kvmforge run --help' for more information."), r.toString());
    }

    @Test
    void badValuesAndMissingPlaybookExitFive() {
        assertEquals(5, Cli.run("run", "x.yml", "--host-key-policy", "maybe").exitCode());
        assertEquals(5, Cli.run("run", "x.yml", "-f", "many").exitCode());
        assertEquals(5, Cli.run("run", "x.yml", "-f", "0").exitCode());
        Cli r = Cli.run("run");
        assertEquals(5, r.exitCode(), r.toString());
        assertTrue(r.err().contains("PLAYBOOK"), r.toString());
    }

    @Test
    void startAtTaskThatNamesNoTaskExitsFiveNamingIt() throws Exception {
        String pb = playbook();
        Cli r = Cli.run("run", pb, "--start-at-task", "run ture");
        assertEquals(5, r.exitCode(), r.toString());
        assertEquals("ERROR! " + pb + ": --start-at-task: no task named 'run ture' in the playbook\n"
                + "  hint: did you mean 'run true'?\n", r.err().replace(System.lineSeparator(), "\n"));
        assertEquals("", r.out(), "nothing ran, no empty recap");
        Cli ok = Cli.run("run", pb, "--start-at-task", "run true");
        assertEquals(0, ok.exitCode(), ok.toString());
        assertFalse(ok.out().contains("TASK [say hello]"), ok.toString());
        assertTrue(ok.out().contains("TASK [run true]"), ok.toString());
    }

    @Test
    void aMissingPlaybookExitsOne() {
        Cli r = Cli.run("run", dir.resolve("nope.yml").toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("ERROR! the playbook: "), r.toString());
    }

    @Test
    void syntaxCheckPrintsThePlaybookAndRunsNothing() throws Exception {
        String pb = playbook();
        Cli r = Cli.run("run", pb, "--syntax-check");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("\nplaybook: " + pb + "\n", r.out());
    }

    @Test
    void syntaxCheckListsEveryGapInOneRunWithItsPlace() throws Exception {
        Path pb = dir.resolve("gaps.yml");
        Files.writeString(pb, """
                - hosts: localhost
                  tasks:
                    - name: a
                      debug: msg=ok
                      delegate_too: x
                    - name: b
                      lineinfile: {path: /tmp/x, line: y, folow: true}
                    - name: c
                      with_k8s: [a]
                      debug: msg=x
                """);
        Cli r = Cli.run("run", pb.toString(), "--syntax-check");
        assertEquals(4, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("ERROR! " + pb + ":5:7: unknown module or task keyword 'delegate_too'"),
                r.toString());
        assertTrue(r.err().contains("\nERROR! " + pb + ":7:43: module 'lineinfile' has no parameter 'folow'"),
                r.toString());
        assertTrue(r.err().contains("\nERROR! " + pb + ":9:7: 'with_k8s' loops over lookup 'k8s'"), r.toString());
        assertTrue(r.err().contains("3 problems found"), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void listTasksHonoursTags() throws Exception {
        String pb = playbook();
        Cli r = Cli.run("run", pb, "--list-tasks");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("""

                playbook: %s

                  play #1 (all): local checks
                    tasks:
                      say hello\tTAGS: []
                      run true\tTAGS: [probe]
                      list things\tTAGS: []

                """.formatted(pb), r.out());
        Cli tagged = Cli.run("run", pb, "--list-tasks", "-t", "probe");
        assertTrue(tagged.out().contains("run true") && !tagged.out().contains("say hello"), tagged.toString());
    }

    @Test
    void listHostsWithInventoryAndLimit() throws Exception {
        String inv = write("hosts.yml", """
                all:
                  children:
                    kvm:
                      hosts:
                        kvm1: {ansible_connection: local}
                        kvm2: {ansible_connection: local}
                """);
        String pb = playbook();
        Cli r = Cli.run("run", pb, "-i", inv, "--list-hosts");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("""
                    pattern: ['all']
                    hosts (2):
                      kvm1
                      kvm2
                """), r.toString());
        Cli limited = Cli.run("run", pb, "-i", inv, "--list-hosts", "-l", "kvm2");
        assertTrue(limited.out().contains("    hosts (1):\n      kvm2\n"), limited.toString());
    }

    @Test
    void extraVarsAsKeyValueJsonAndFile() throws Exception {
        String pb = write("vars.yml", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: show
                      debug:
                        msg: "{{ a }}|{{ b }}|{{ n + 1 }}|{{ list[1] }}"
                """);
        String file = write("vars.json", "{\"list\": [\"x\", \"y\"]}");
        Cli r = Cli.run("run", pb, "-e", "a=1 b='two words'", "-e", "{\"n\": 41}", "-e", "@" + file);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("\"msg\": \"1|two words|42|y\""), r.toString());
        Cli bad = Cli.run("run", pb, "-e", "justaword");
        assertEquals(5, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("is not KEY=VALUE"), bad.toString());
    }

    @Test
    void shippedPlaybookByName() {
        Cli list = Cli.run("run", "--list-playbooks");
        assertEquals(0, list.exitCode(), list.toString());
        assertTrue(list.out().lines().toList().contains("ping"), list.toString());
        Cli r = Cli.run("run", "ping");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("TASK [ping] ****"), r.toString());
        assertTrue(r.out().contains("changed: [localhost]"), r.toString());
        Cli typo = Cli.run("run", "pnig");
        assertEquals(1, typo.exitCode(), typo.toString());
        assertTrue(typo.err().contains("did you mean ping?"), typo.toString());
    }

    @Test
    void checkModeAndReportFiles() throws Exception {
        Path json = dir.resolve("out/run.jsonl");
        Path xml = dir.resolve("out/junit.xml");
        Cli r = Cli.run("run", playbook(), "--check", "--json", json.toString(), "--junit-xml", xml.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("[CHECK MODE]"), r.toString());
        List<String> lines = Files.readAllLines(json);
        assertEquals("run_started", Yaml.binder().readTree(lines.get(0)).get("event").asText());
        assertTrue(Yaml.binder().readTree(lines.get(0)).get("check_mode").asBoolean());
        assertEquals("run_finished", Yaml.binder().readTree(lines.get(lines.size() - 1)).get("event").asText());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertEquals(3, doc.getElementsByTagName("testcase").getLength());
    }

    @Test
    void askBecomePassReadsStdinWithoutAConsoleAndNeverPrintsIt() throws Exception {
        InputStream before = System.in;
        try {
            System.setIn(new ByteArrayInputStream("s3cret-pw\n".getBytes(StandardCharsets.UTF_8)));
            Cli r = Cli.run("run", playbook(), "-K", "-v");
            assertEquals(0, r.exitCode(), r.toString());
            assertFalse(r.out().contains("s3cret-pw") || r.err().contains("s3cret-pw"), r.toString());
        } finally {
            System.setIn(before);
        }
    }

    @Test
    void passwordsFromTheInventoryAndMinusKNeverReachTheConsoleJsonOrJunitXml() throws Exception {
        String inv = write("sec.ini", """
                [kvm]
                localhost ansible_connection=local ansible_password=S3cretPW ansible_become_password=BecPW123
                [kvm:vars]
                ansible_ssh_private_key_passphrase=PhrasePW
                """);
        String pb = write("leaky.yml", """
                - hosts: kvm
                  gather_facts: false
                  tasks:
                    - debug: var=ansible_password
                    - name: echo {{ ansible_password }}
                      command: echo {{ ansible_password }} {{ ansible_become_password }}
                      register: echoed
                    - debug: msg="{{ echoed.stdout }} / {{ ansible_ssh_private_key_passphrase }} / {{ pw }}"
                    - name: the -K password, typed into a script by mistake
                      shell: echo KPass-4711 >&2
                    - copy:
                        content: "password={{ ansible_password }}"
                        dest: "{{ out }}/app.conf"
                    - fail: msg="login with {{ ansible_become_password }} refused"
                      ignore_errors: true
                """);
        Path json = dir.resolve("run.jsonl");
        Path xml = dir.resolve("junit.xml");
        InputStream before = System.in;
        Cli r;
        try {
            System.setIn(new ByteArrayInputStream("KPass-4711\n".getBytes(StandardCharsets.UTF_8)));
            r = Cli.run("run", pb, "-i", inv, "-K", "-vvv", "--diff", "-e", "out=" + dir, "-e", "pw=ExtraPW9",
                    "-e", "db_password=ExtraPW9", "--json", json.toString(), "--junit-xml", xml.toString());
        } finally {
            System.setIn(before);
        }
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("password=S3cretPW", Files.readString(dir.resolve("app.conf")), "the task itself got it");
        String console = r.out() + r.err();
        String jsonLines = Files.readString(json);
        String junit = Files.readString(xml);
        for (String out : List.of(console, jsonLines, junit)) {
            for (String secret : List.of("S3cretPW", "BecPW123", "PhrasePW", "KPass-4711", "ExtraPW9")) {
                assertFalse(out.contains(secret), secret + " shows in:\n" + out);
            }
            assertTrue(out.contains("********"), out);
        }
        assertTrue(console.contains("\"ansible_password\": \"********\""), console);
        assertTrue(console.contains("EXEC echo ******** ********"), "the command line at -vvv: " + console);
        assertTrue(console.contains("+password=********"), "the diff: " + console);
        assertTrue(jsonLines.contains("\"event\":\"host_command\",\"host\":\"localhost\""), jsonLines);
        assertTrue(junit.contains("login with ******** refused"), junit);
    }

    /** A TCP port on 127.0.31.7 that accepts connections and never says a word: an SSH handshake there times out. */
    private static ServerSocket silentPort() throws Exception {
        ServerSocket silent = new ServerSocket();
        silent.bind(new InetSocketAddress("127.0.31.7", 0));
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept());
                }
            } catch (IOException e) {
                accepted.forEach(s -> {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // closing
                    }
                });
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return silent;
    }

    private String silentInventory(int port, String vars) throws Exception {
        return write("silent.ini", "silent ansible_host=127.0.31.7 ansible_port=" + port + " " + vars + "\n");
    }

    @Test
    void timeoutOptionBoundsTheSshHandshake() throws Exception {
        try (ServerSocket silent = silentPort()) {
            long started = System.nanoTime();
            Cli r = Cli.run("run", playbook(), "-i", silentInventory(silent.getLocalPort(), ""), "-T", "1",
                    "--known-hosts", dir.resolve("known_hosts").toString());
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(3, r.exitCode(), r.toString());
            assertTrue(r.out().contains("fatal: [silent]: UNREACHABLE!"), r.toString());
            assertTrue(r.out().contains("no SSH handshake from 127.0.31.7:" + silent.getLocalPort() + " within 1s"),
                    r.toString());
            assertTrue(millis < 10_000, "took " + millis + " ms: the default timeout alone is 10 s");
        }
    }

    @Test
    void timeoutVariableOfTheHostWinsOverTheOption() throws Exception {
        try (ServerSocket silent = silentPort()) {
            Cli r = Cli.run("run", playbook(), "-i", silentInventory(silent.getLocalPort(), "ansible_ssh_timeout=1"),
                    "--timeout", "30", "--known-hosts", dir.resolve("known_hosts").toString());
            assertEquals(3, r.exitCode(), r.toString());
            assertTrue(r.out().contains("fatal: [silent]: UNREACHABLE!"), r.toString());
            assertTrue(r.out().contains("within 1s"), r.toString());
        }
    }

    @Test
    void badTimeoutsAreClearErrors() throws Exception {
        for (String bad : List.of("0", "-3", "soon")) {
            Cli r = Cli.run("run", playbook(), "-T", bad);
            assertEquals(5, r.exitCode(), bad + ": " + r);
            assertTrue(r.err().contains("--timeout") && r.err().contains(bad), r.toString());
        }
        Cli host = Cli.run("run", playbook(), "-i", silentInventory(22, "ansible_timeout=soon"));
        assertEquals(2, host.exitCode(), host.toString());
        assertTrue(host.out().contains("fatal: [silent]: FAILED!"), host.toString());
        assertTrue(host.out().contains("ansible_timeout 'soon' is not a positive whole number of seconds"),
                host.toString());
    }

    @Test
    void verboseShowsResultValues() throws Exception {
        Cli r = Cli.run("run", playbook(), "-v", "--skip-tags", "probe");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("changed: [localhost] => (item=a) => {"), r.toString());
        assertFalse(r.out().contains("TASK [run true]"), r.toString());
    }
}
