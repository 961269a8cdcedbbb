package dev.kvmforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.report.JsonReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --slice I/N}: N runs side by side work on every host once. */
class SliceTest {

    @TempDir
    Path dir;

    @Test
    void theSlicesOfARunTogetherRunEveryHostOnce() throws Exception {
        Path hosts = dir.resolve("hosts.ini");
        Files.writeString(hosts, "[fleet]\n" + String.join("\n", IntStream.rangeClosed(1, 12)
                .mapToObj(i -> "h" + i + " ansible_connection=local").toList()) + "\n");
        Path playbook = dir.resolve("site.yml");
        Files.writeString(playbook, """
                - hosts: fleet
                  gather_facts: false
                  tasks:
                    - debug: msg="on {{ inventory_hostname }}"
                """);
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Cli r = Cli.run("run", playbook.toString(), "-i", hosts.toString(), "--slice", i + "/3");
            assertEquals(0, r.exitCode(), r.toString());
            Cli listed = Cli.run("run", playbook.toString(), "-i", hosts.toString(), "--slice", i + "/3",
                    "--list-hosts");
            List<String> ran = recapHosts(r.out());
            for (String h : ran) {
                assertTrue(listed.out().contains("      " + h + "\n"), "--list-hosts shows the slice: " + listed);
            }
            all.addAll(ran);
        }
        assertEquals(IntStream.rangeClosed(1, 12).mapToObj(i -> "h" + i).sorted().toList(),
                all.stream().sorted().toList(), "each host in one slice");
    }

    @Test
    void verifyChecksTheHostsOfItsSliceAndAnEmptySliceHasNothingToCheck() throws Exception {
        Path hosts = dir.resolve("hosts.ini");
        Files.writeString(hosts, "a ansible_connection=local\nb ansible_connection=local\nc ansible_connection=local\n"
                + "d ansible_connection=local\n");
        List<String> checked = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            Cli r = Cli.run("verify", "-i", hosts.toString(), "--slice", i + "/2", "--checks", "HV-DEV-KVM");
            assertTrue(r.exitCode() == 0 || r.exitCode() == 2, r.toString());
            Matcher m = Pattern.compile("(?m)^([a-d]) \\(local\\)").matcher(r.out());
            while (m.find()) {
                checked.add(m.group(1));
            }
        }
        assertEquals(List.of("a", "b", "c", "d"), checked.stream().sorted().toList(), "each host in one slice");
        int other = dev.kvmforge.runner.inventory.HostSlice.sliceOf("a", 2) == 1 ? 2 : 1;
        Path json = dir.resolve("empty-slice.json");
        Cli none = Cli.run("verify", "-i", hosts.toString(), "--slice", other + "/2", "--limit", "a",
                "--json", json.toString());
        assertEquals(0, none.exitCode(), none.toString());
        // its report is written all the same, for report merge
        VerificationResult report = JsonReport.read(json);
        assertEquals(other + "/2", report.slice());
        assertEquals(List.of("a"), report.inventoryHosts());
        assertTrue(report.hosts().isEmpty(), report.toString());
        assertTrue(none.out().contains("slice " + other + "/2 has none of the hosts within --limit 'a': nothing to"
                + " check"), none.toString());
    }

    @Test
    void aBadSliceIsAnOptionsError() {
        Cli r = Cli.run("run", "ping", "--slice", "4/3");
        assertEquals(5, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--slice '4/3': the slice's number runs from 1 to 3"), r.err());
    }

    private static List<String> recapHosts(String out) {
        List<String> hosts = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^(h\\d+) +: ok=").matcher(out);
        while (m.find()) {
            hosts.add(m.group(1));
        }
        return hosts;
    }
}
