package dev.kvmforge.cli.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.testkit.LoopbackSshd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resident process as operators meet it: real clients ({@code java ... Main}) in real shells' directories, one
 * real resident process they start, a real sshd on loopback. Each test stops the resident process it started.
 */
@DisplayName("the resident process")
class ResidentProcessTest {

    @TempDir
    Path dir;

    private ResidentClients clients;
    private Path work;

    @BeforeEach
    void clients() throws IOException {
        clients = new ResidentClients(dir);
        work = Files.createDirectories(dir.resolve("project"));
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
    }

    @Test
    @DisplayName("runs a command in the shell's directory, with its environment, and stays for the next one")
    void runsInTheShellsDirectoryWithItsEnvironment() throws Exception {
        Files.writeString(work.resolve("ansible.cfg"), "[defaults]\ninventory = hosts.ini\n");
        Files.writeString(work.resolve("hosts.ini"), "localhost ansible_connection=local\n");
        Files.writeString(work.resolve("vars.yml"), "from_file: read-from-the-shells-directory\n");
        Files.writeString(work.resolve("site.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: pwd
                      register: where
                    - shell: echo "shell sees $PROJECT_VAR"
                      register: shell_env
                    - debug:
                        msg: "pwd={{ where.stdout }} lookup={{ lookup('env', 'PROJECT_VAR') }} {{ shell_env.stdout }} {{ from_file }}"
                """);
        ResidentClients.Result r = clients.start(work, Map.of("PROJECT_VAR", "alpha"), null,
                "run", "site.yml", "-e", "@vars.yml").await();
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.out().contains("pwd=" + work.toRealPath() + " lookup=alpha shell sees alpha"
                + " read-from-the-shells-directory"), r.out());
        long pid = clients.residentPid(work).orElseThrow();

        Path other = Files.createDirectories(dir.resolve("elsewhere"));
        Files.copy(work.resolve("site.yml"), other.resolve("site.yml"));
        Files.writeString(other.resolve("vars.yml"), "from_file: another-directory\n");
        ResidentClients.Result second = clients.start(other, Map.of("PROJECT_VAR", "beta"), null,
                "run", "site.yml", "-e", "@vars.yml").await();
        assertEquals(0, second.exitCode(), second.all());
        assertTrue(second.out().contains("pwd=" + other.toRealPath() + " lookup=beta shell sees beta another-directory"),
                second.out());
        assertEquals(Optional.of(pid), clients.residentPid(work), "the same resident process served both");
        assertTrue(Files.isDirectory(clients.socketDirectory()));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                clients.socketDirectory())));
    }

    @Test
    @DisplayName("gives the same exit codes and messages as a command in process")
    void exitCodesAsInProcess() throws Exception {
        Files.writeString(work.resolve("fails.yml"), """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - command: "false"
                """);
        Files.writeString(work.resolve("broken.yml"), "- hosts: localhost\n  tasks:\n    - nosuchmodule: {}\n");
        assertEquals(2, clients.run(work, "run", "fails.yml").exitCode());
        ResidentClients.Result broken = clients.run(work, "run", "broken.yml");
        assertEquals(4, broken.exitCode(), broken.all());
        assertTrue(broken.err().contains("broken.yml:3:7"), broken.err());
        ResidentClients.Result badOption = clients.run(work, "run", "--forks", "0", "fails.yml");
        assertEquals(5, badOption.exitCode(), badOption.all());
        assertTrue(badOption.err().contains("--forks must be at least 1"), badOption.err());
        ResidentClients.Result inProcess = clients.run(work, "--no-daemon", "run", "broken.yml");
        assertEquals(broken.exitCode(), inProcess.exitCode());
        assertEquals(broken.err(), inProcess.err());
        assertTrue(clients.residentPid(work).isPresent());
    }

    @Test
    @DisplayName("is not started by --no-daemon or KVMFORGE_DAEMON=off")
    void offRunsInProcess() throws Exception {
        ResidentClients.Result r = clients.run(work, "--no-daemon", "run", "ping", "--syntax-check");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.out().contains("playbook: ping"), r.out());
        ResidentClients.Result off = clients.start(work, Map.of("KVMFORGE_DAEMON", "off"), null,
                "run", "ping", "--syntax-check").await();
        assertEquals(0, off.exitCode(), off.all());
        assertEquals(List.of(), sockets());
        assertTrue(clients.run(work, "daemon", "status").out().contains("no resident process is running"));
    }

    @Test
    @DisplayName("asks the client for -K's password, never showing it")
    void becomePasswordFromTheClient() throws Exception {
        Files.writeString(work.resolve("site.yml"), """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - debug: msg="the password is {{ ansible_become_password | default('unset') }}"
                """);
        ResidentClients.Result r = clients.start(work, Map.of(), "S3cret-typed\n", "run", "site.yml", "-K").await();
        assertEquals(0, r.exitCode(), r.all());
        assertFalse(r.all().contains("S3cret-typed"), r.all());
        ResidentClients.Result empty = clients.start(work, Map.of(), "", "run", "site.yml", "-K").await();
        assertEquals(5, empty.exitCode(), empty.all());
        assertTrue(empty.err().contains("-K needs the become password on standard input, which is empty"),
                empty.err());
    }

    @Test
    @DisplayName("asks a pause's prompt on the client's terminal, and without one does not wait, as in process")
    void pausePromptsOnTheClientsTerminal() throws Exception {
        Files.writeString(work.resolve("pause.yml"), """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - pause:
                        prompt: Say something
                      register: said
                    - debug: msg="you said '{{ said.user_input }}'"
                """);
        ResidentClients.Result typed = clients.startOnTerminal(work, "hello there\n", "run", "pause.yml").await();
        assertEquals(0, typed.exitCode(), typed.all());
        assertTrue(typed.out().contains("Say something:"), typed.out());
        assertTrue(typed.out().contains("you said 'hello there'"), typed.out());
        ResidentClients.Result enter = clients.startOnTerminal(work, "\n", "run", "pause.yml").await();
        assertTrue(enter.out().contains("you said ''") && !enter.out().contains("Not waiting"), enter.out());
        ResidentClients.Result piped = clients.start(work, Map.of(), "ignored\n", "run", "pause.yml").await();
        assertEquals(0, piped.exitCode(), piped.all());
        assertTrue(piped.all().contains("Not waiting for response to prompt as stdin is not interactive"), piped.all());
        assertTrue(piped.out().contains("you said ''"), piped.out());
    }

    @Test
    @DisplayName("forwards Ctrl-C: the running task gets the grace period, then the recap and exit 99")
    void ctrlCIsForwarded() throws Exception {
        Files.writeString(work.resolve("slow.yml"), """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: slow
                      command: sleep 41.5
                    - name: after
                      command: "true"
                """);
        ResidentClients.Running k = clients.start(work, Map.of(), null,
                "run", "slow.yml");
        k.awaitOutput("TASK [slow]");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sleepers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(sleepers().isEmpty(), "the task's sleep runs");
        new ProcessBuilder("kill", "-INT", String.valueOf(k.process().pid())).start().waitFor();
        Thread.sleep(300);
        new ProcessBuilder("kill", "-INT", String.valueOf(k.process().pid())).start().waitFor();
        ResidentClients.Result r = k.await();
        assertEquals(99, r.exitCode(), r.all());
        assertTrue(r.out().contains("PLAY RECAP"), r.out());
        assertTrue(r.out().contains("User interrupted execution"), r.out());
        assertFalse(r.out().contains("TASK [after]"), r.out());
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!sleepers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), sleepers(), "the task's command was ended");
        assertTrue(clients.residentPid(work).isPresent(), "the resident process stays");
    }

    @Test
    @DisplayName("ends a command at once on a Ctrl-C before its run began (at the -K prompt), as in process")
    void ctrlCAtThePromptEndsTheCommand() throws Exception {
        Path marker = work.resolve("ran");
        Files.writeString(work.resolve("site.yml"), """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - file: {path: "%s", state: touch}
                """.formatted(marker));
        ResidentClients.Running k = clients.start(work, Map.of(), null, "run", "site.yml", "-K");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sockets().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20); // the resident process starts
        }
        Thread.sleep(1500); // the client waits at the prompt: its stdin is open and empty
        assertTrue(k.process().isAlive(), "waiting for the password");
        new ProcessBuilder("kill", "-INT", String.valueOf(k.process().pid())).start().waitFor();
        ResidentClients.Result r = k.await();
        assertEquals(130, r.exitCode(), r.all());
        assertFalse(Files.exists(marker), "the run did not start");
        assertFalse(r.out().contains("PLAY ["), r.out());
        assertTrue(clients.residentPid(work).isPresent(), "the resident process stays");
    }

    @Test
    @DisplayName("runs two commands at once, each with its own output")
    void twoTerminalsAtOnce() throws Exception {
        for (String name : List.of("one", "two")) {
            Files.writeString(work.resolve(name + ".yml"), """
                    - hosts: localhost
                      gather_facts: false
                      tasks:
                        - command: sleep 1
                        - debug: msg="this is %s"
                    """.formatted(name));
        }
        clients.run(work, "run", "ping", "--syntax-check"); // the resident process is up
        ResidentClients.Running one = clients.start(work, Map.of(), null, "run", "one.yml");
        ResidentClients.Running two = clients.start(work, Map.of(), null, "run", "two.yml");
        ResidentClients.Result a = one.await();
        ResidentClients.Result b = two.await();
        assertEquals(0, a.exitCode(), a.all());
        assertEquals(0, b.exitCode(), b.all());
        assertTrue(a.out().contains("this is one") && !a.out().contains("this is two"), a.out());
        assertTrue(b.out().contains("this is two") && !b.out().contains("this is one"), b.out());
        assertTrue(clients.run(work, "daemon", "status").out().contains("commands served: 3"));
    }

    @Test
    @DisplayName("keeps an SSH session for the next run, with no shell left on it, and logs in afresh for another "
            + "known_hosts")
    void keepsSshSessions() throws Exception {
        try (LoopbackSshd sshd = new LoopbackSshd().withAddress("127.0.41.1").start()) {
            Path knownHosts = work.resolve("known_hosts");
            Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
            Files.writeString(work.resolve("hosts.ini"), "h1 ansible_host=%s ansible_port=%d ansible_user=%s"
                    .formatted(sshd.host(), sshd.port(), sshd.user()) + " ansible_ssh_private_key_file="
                    + sshd.privateKey() + "\n");
            Files.writeString(work.resolve("site.yml"), """
                    - hosts: all
                      gather_facts: false
                      become: true
                      tasks:
                        - command: id -u
                          register: me
                        - debug: msg="uid {{ me.stdout }}"
                    """);
            String[] run = {"run", "site.yml", "-i", "hosts.ini", "--known-hosts", "known_hosts", "-K"};
            ResidentClients.Result first = clients.start(work, Map.of(), sshd.password() + "\n", run).await();
            assertEquals(0, first.exitCode(), first.all());
            assertTrue(first.out().contains("uid 0"), first.out());
            assertEquals(1, logins(sshd));
            String status = clients.run(work, "daemon", "status").out();
            assertTrue(status.contains("SSH sessions kept: 1") && status.contains(sshd.user() + "@" + sshd.host()),
                    status);
            assertEquals(List.of(), shellsOf(sshd.user()), "nothing runs on the kept session: no shell, no sudo");

            ResidentClients.Result second = clients.start(work, Map.of(), sshd.password() + "\n", run).await();
            assertEquals(0, second.exitCode(), second.all());
            assertEquals(1, logins(sshd), "the second run took the kept session");

            Files.writeString(knownHosts, "# the same key, another file content\n" + sshd.knownHostsLine() + "\n");
            ResidentClients.Result third = clients.start(work, Map.of(), sshd.password() + "\n", run).await();
            assertEquals(0, third.exitCode(), third.all());
            assertEquals(2, logins(sshd), "another known_hosts: logged in afresh, the host key checked again");

            String[] verify = {"verify", "-i", "hosts.ini", "--known-hosts", "known_hosts", "-q"};
            ResidentClients.Result checked = clients.run(work, verify);
            assertTrue(checked.exitCode() == 0 || checked.exitCode() == 2, checked.all());
            long afterFirstVerify = logins(sshd);
            ResidentClients.Result again = clients.run(work, verify);
            assertEquals(checked.exitCode(), again.exitCode(), again.all());
            assertEquals(afterFirstVerify, logins(sshd), "verify took the session its first run kept");
        }
    }

    @Test
    @DisplayName("is one per kvmforge: a client of another jar or class path gets its own, and the first stays")
    void anotherKvmforgeHasItsOwn() throws Exception {
        assertEquals(0, clients.run(work, "run", "ping", "--syntax-check").exitCode());
        long first = clients.residentPid(work).orElseThrow();
        Path extra = Files.createDirectories(dir.resolve("extra-classes"));
        try (ResidentClients other = clients.withClassPath(System.getProperty("java.class.path") + ":" + extra)) {
            ResidentClients.Result r = other.run(work, "run", "ping", "--syntax-check");
            assertEquals(0, r.exitCode(), r.all());
            assertFalse(r.err().contains("running in this process"), r.err());
            long second = other.residentPid(work).orElseThrow();
            assertNotEquals(first, second);
            assertEquals(Optional.of(first), clients.residentPid(work));
        }
    }

    @Test
    @DisplayName("is not used where its directory is not the user's alone, and the command runs in process")
    void anUnsafeDirectoryRunsInProcess() throws Exception {
        Files.createDirectories(clients.socketDirectory());
        Files.setPosixFilePermissions(clients.socketDirectory(), PosixFilePermissions.fromString("rwxr-xr-x"));
        ResidentClients.Result r = clients.run(work, "run", "ping", "--syntax-check");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.out().contains("playbook: ping"), r.out());
        assertTrue(r.err().contains("is not a directory of this user's with mode 0700") && r.err()
                .contains("running in this process"), r.err());
        assertEquals(List.of(), sockets());
        Files.setPosixFilePermissions(clients.socketDirectory(), PosixFilePermissions.fromString("rwx------"));
    }

    /** The resident processes' sockets. */
    private List<Path> sockets() throws IOException {
        if (!Files.isDirectory(clients.socketDirectory())) {
            return List.of();
        }
        try (var files = Files.list(clients.socketDirectory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".sock")).toList();
        }
    }

    /** The sleeps of the slow task. */
    private static List<ProcessHandle> sleepers() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("sleep 41.5"))
                .toList();
    }

    /** Logins sshd accepted, from its log. */
    private static long logins(LoopbackSshd sshd) throws IOException {
        return Files.readAllLines(sshd.logFile()).stream().filter(l -> l.contains("Accepted publickey")).count();
    }

    /** Processes under the user's sshd sessions ({@code sshd: USER@notty}): shells, sudo. */
    private static List<String> shellsOf(String user) {
        List<ProcessHandle> sessions = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").startsWith("sshd: " + user + "@")).toList();
        return sessions.stream().flatMap(ProcessHandle::descendants).map(p -> p.info().commandLine().orElse("?"))
                .toList();
    }
}
