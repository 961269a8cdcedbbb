package dev.kvmforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.inventory.HostSlice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kvmforge report merge}: N slices run as N processes at once, and their merged reports are the reports of one
 * run over every host (times aside: the slices ran at other moments).
 */
class ReportMergeTest {

    private static final int SLICES = 3;

    @TempDir
    Path dir;

    private Path hosts;

    @BeforeEach
    void inventory() throws Exception {
        hosts = dir.resolve("hosts.ini");
        Files.writeString(hosts, "[fleet]\n" + String.join("\n", IntStream.rangeClosed(1, 9)
                .mapToObj(i -> "n" + i + " ansible_connection=local").toList()) + "\n");
    }

    @Test
    void theMergedSlicesOfARunAreWhatOneRunReports() throws Exception {
        Path playbook = dir.resolve("site.yml");
        Files.writeString(playbook, """
                - name: fleet
                  hosts: fleet
                  gather_facts: false
                  tasks:
                    - name: say who
                      command: echo {{ inventory_hostname }}
                      changed_when: inventory_hostname in ['n1', 'n4', 'n8']
                    - name: only two
                      debug: msg=here
                      when: inventory_hostname in ['n2', 'n9']
                    - name: each item
                      debug: msg={{ item }}
                      loop: [a, b]
                    - name: fails on n5
                      fail: msg="broken on purpose"
                      when: inventory_hostname == 'n5'
                    - name: after
                      command: "true"
                      notify: done
                  handlers:
                    - name: done
                      debug: msg=handled
                - name: nobody
                  hosts: absent
                  tasks:
                    - debug: msg=never
                - name: two of them
                  hosts: n3,n7
                  gather_facts: false
                  tasks:
                    - name: on two
                      file: path={{ playbook_dir }}/{{ inventory_hostname }}.touched state=touch
                """);
        List<Process> slices = new ArrayList<>();
        for (int i = 1; i <= SLICES; i++) {
            slices.add(kvmforge(dir.resolve("slice" + i + ".out"), "run", playbook.toString(), "-i", hosts.toString(),
                    "--slice", i + "/" + SLICES, "--forks", "1", "--json", dir.resolve("slice" + i + ".jsonl")
                            .toString()));
        }
        for (Process p : slices) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "a slice's run ends");
        }
        // the slices that hold n5 fail, the others do not; one run fails
        assertTrue(slices.stream().anyMatch(p -> p.exitValue() == 2), "n5's slice fails: "
                + Files.readString(dir.resolve("slice" + HostSlice.sliceOf("n5", SLICES) + ".out")));
        IntStream.rangeClosed(1, 9).forEach(i -> dir.resolve("n" + i + ".touched").toFile().delete());

        Cli one = Cli.run("run", playbook.toString(), "-i", hosts.toString(), "--forks", "1",
                "--json", dir.resolve("one.jsonl").toString(), "--junit-xml", dir.resolve("one.xml").toString());
        assertEquals(2, one.exitCode(), one.toString());
        Cli merged = Cli.run("report", "merge", dir.resolve("slice3.jsonl").toString(),
                dir.resolve("slice1.jsonl").toString(), dir.resolve("slice2.jsonl").toString(),
                "--json", dir.resolve("merged.jsonl").toString(), "--junit-xml", dir.resolve("merged.xml").toString());
        assertEquals(2, merged.exitCode(), "the merge exits as one run: " + merged);
        assertEquals(withoutTimes(Files.readString(dir.resolve("one.jsonl"))),
                withoutTimes(Files.readString(dir.resolve("merged.jsonl"))), "JSON lines");
        assertEquals(withoutTimes(Files.readString(dir.resolve("one.xml"))),
                withoutTimes(Files.readString(dir.resolve("merged.xml"))), "JUnit XML");
        String recap = one.out().substring(one.out().indexOf("PLAY RECAP"));
        assertEquals(recap, merged.out().substring(merged.out().indexOf("PLAY RECAP")), "the recap");
        assertTrue(recap.contains("n5                         : ok=2    changed=0    unreachable=0    failed=1"),
                recap);
    }

    @Test
    void theMergedSlicesOfAVerificationAreWhatOneVerificationReports() throws Exception {
        List<Process> slices = new ArrayList<>();
        String[] checks = {"--checks", "HV-DEV-KVM,HV-DEV-TUN,LV-TCP-NOAUTH,QEMU-NONROOT"};
        for (int i = 1; i <= SLICES; i++) {
            List<String> args = new ArrayList<>(List.of("verify", "-i", hosts.toString(), "--slice", i + "/" + SLICES,
                    "--forks", "1", "--json", dir.resolve("verify" + i + ".json").toString()));
            args.addAll(List.of(checks));
            slices.add(kvmforge(dir.resolve("verify" + i + ".out"), args.toArray(String[]::new)));
        }
        for (Process p : slices) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "a slice's verification ends");
        }
        List<String> args = new ArrayList<>(List.of("verify", "-i", hosts.toString(), "--forks", "1",
                "--json", dir.resolve("one.json").toString(), "--junit-xml", dir.resolve("one.xml").toString()));
        args.addAll(List.of(checks));
        Cli one = Cli.run(args.toArray(String[]::new));
        Cli merged = Cli.run("report", "merge", dir.resolve("verify2.json").toString(),
                dir.resolve("verify1.json").toString(), dir.resolve("verify3.json").toString(),
                "--json", dir.resolve("merged.json").toString(), "--junit-xml", dir.resolve("merged.xml").toString());
        assertEquals(one.exitCode(), merged.exitCode(), merged.toString());
        assertEquals(withoutTimes(Files.readString(dir.resolve("one.json"))),
                withoutTimes(Files.readString(dir.resolve("merged.json"))), "JSON");
        assertEquals(withoutTimes(Files.readString(dir.resolve("one.xml"))),
                withoutTimes(Files.readString(dir.resolve("merged.xml"))), "JUnit XML");
        assertEquals(one.out(), merged.out(), "what is printed");
        assertTrue(one.out().contains("n9 (local)"), one.out());
    }

    @Test
    void slicesThatAreNotAllOfOneRunAreRefused() throws Exception {
        Path playbook = dir.resolve("site.yml");
        Files.writeString(playbook, "- hosts: fleet\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n");
        for (int i = 1; i <= 2; i++) {
            Cli r = Cli.run("run", playbook.toString(), "-i", hosts.toString(), "--slice", i + "/2",
                    "--json", dir.resolve("s" + i + ".jsonl").toString());
            assertEquals(0, r.exitCode(), r.toString());
        }
        Cli whole = Cli.run("run", playbook.toString(), "-i", hosts.toString(), "--json",
                dir.resolve("whole.jsonl").toString());
        assertEquals(0, whole.exitCode(), whole.toString());
        String s1 = dir.resolve("s1.jsonl").toString();
        String s2 = dir.resolve("s2.jsonl").toString();

        Cli missing = Cli.run("report", "merge", s1);
        assertEquals(5, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("slice 2/2 is missing"), missing.err());
        Cli twice = Cli.run("report", "merge", s1, s2, s1);
        assertEquals(5, twice.exitCode(), twice.toString());
        assertTrue(twice.err().contains("slice 1/2 is given twice"), twice.err());
        Cli unsliced = Cli.run("report", "merge", s1, dir.resolve("whole.jsonl").toString());
        assertEquals(5, unsliced.exitCode(), unsliced.toString());
        assertTrue(unsliced.err().contains("not a slice's report: its run had no --slice"), unsliced.err());

        List<String> lines = Files.readAllLines(dir.resolve("s2.jsonl"));
        Path cut = dir.resolve("cut.jsonl");
        Files.write(cut, lines.subList(0, lines.size() - 2));
        Cli unfinished = Cli.run("report", "merge", s1, cut.toString());
        assertEquals(4, unfinished.exitCode(), unfinished.toString());
        assertTrue(unfinished.err().contains("ends before its run did"), unfinished.err());
        assertTrue(unfinished.err().contains(cut.toString()), "names the file: " + unfinished.err());
        Path broken = dir.resolve("broken.jsonl");
        Files.writeString(broken, lines.get(0) + "\n{\"event\":\"nonsense\"}\n");
        Cli bad = Cli.run("report", "merge", s1, broken.toString());
        assertEquals(4, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains(broken + ":2"), "file:line: " + bad.err());
        assertTrue(!bad.err().contains("\tat "), "no stack trace: " + bad.err());
    }

    /** The text without what differs from run to run: times, durations, a command's start, end and delta. */
    private static String withoutTimes(String report) {
        return report.replaceAll("\"(at|duration|start|end|delta|started|finished|seconds|probe_seconds)\""
                        + "\\s*:\\s*(\"[^\"]*\"|[0-9.eE-]+)", "\"$1\":T")
                .replaceAll(" (time|timestamp)=\"[^\"]*\"", "");
    }

    /** kvmforge in a process of its own (no resident process), its output to {@code out}. */
    private static Process kvmforge(Path out, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "dev.kvmforge.cli.Kvmforge"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }
}
