package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.PlaybookRun;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.report.ConsoleMode;
import dev.kvmforge.runner.report.ConsoleReporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Writes a playbook into a folder, runs it on the local host, and keeps every event, and what the console showed, for
 * the test to look at.
 */
final class PlaybookFixture {

    final Path dir;
    final List<Event> events = new CopyOnWriteArrayList<>();
    private StringWriter console = new StringWriter();
    RunResult result;

    PlaybookFixture(Path dir) {
        this.dir = dir;
    }

    Path write(String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Options that trust {@code sshd}'s host key (a known_hosts file in the fixture's folder), strictly. */
    RunOptions trusting(dev.kvmforge.testkit.LoopbackSshd sshd) {
        Path known = write("known_hosts", sshd.knownHostsLine() + "\n");
        return RunOptions.defaults().withKnownHosts(known, dev.kvmforge.runner.connection.HostKeyPolicy.STRICT);
    }

    RunResult run(String playbook, RunOptions options) {
        return run(playbook, options, Inventory.localhost());
    }

    RunResult run(String playbook, RunOptions options, Inventory inventory) {
        events.clear();
        console = new StringWriter();
        Path p = write("site.yml", playbook);
        result = PlaybookRun.of(p).withInventory(inventory).withOptions(options).withListener(events::add)
                .withListener(new ConsoleReporter(new PrintWriter(console), 0, ConsoleMode.PLAIN)).run();
        return result;
    }

    RunResult run(String playbook) {
        return run(playbook, RunOptions.defaults());
    }

    /** The results of the task named {@code task}, items excluded. */
    List<Event.HostResult> results(String task) {
        return events.stream().filter(e -> e instanceof Event.HostResult).map(e -> (Event.HostResult) e)
                .filter(r -> r.task().equals(task) && r.item() == null).toList();
    }

    Event.HostResult result(String task) {
        List<Event.HostResult> r = results(task);
        if (r.size() != 1) {
            throw new AssertionError("expected one result for '" + task + "', got " + r + "\nall events: " + events);
        }
        return r.get(0);
    }

    Status status(String task) {
        return result(task).status();
    }

    List<Event.HostResult> items(String task) {
        return events.stream().filter(e -> e instanceof Event.HostResult).map(e -> (Event.HostResult) e)
                .filter(r -> r.task().equals(task) && r.item() != null).toList();
    }

    /** What the console printed for the last run, with {@code \n} line ends. */
    String console() {
        return console.toString().replace(System.lineSeparator(), "\n");
    }

    /**
     * Each result line of the console ({@code ok: [host]}, {@code changed: [host]}...) as {@code "task host"}, the
     * task being that of the {@code TASK [...]} banner the line is printed under.
     */
    List<String> consoleResultsUnderBanners() {
        List<String> out = new java.util.ArrayList<>();
        String banner = null;
        for (String line : console().split("\n")) {
            java.util.regex.Matcher b = java.util.regex.Pattern.compile("^(?:TASK|RUNNING HANDLER) \\[(.*)] \\*+$")
                    .matcher(line);
            java.util.regex.Matcher r = java.util.regex.Pattern.compile(
                    "^(?:ok|changed|skipping|fatal|failed): \\[([^]]+)]").matcher(line);
            if (line.startsWith("PLAY ")) {
                banner = null;
            } else if (b.matches()) {
                banner = b.group(1);
            } else if (r.find()) {
                out.add(banner + " " + r.group(1));
            }
        }
        return out;
    }

    /** Each result event (items excluded) as {@code "task host"}, in the order they came. */
    List<String> resultsByTaskAndHost() {
        return events.stream().filter(e -> e instanceof Event.HostResult r && r.item() == null)
                .map(e -> ((Event.HostResult) e).task() + " " + ((Event.HostResult) e).host()).toList();
    }

    List<String> taskNames() {
        return events.stream().filter(e -> e instanceof Event.TaskStarted).map(e -> ((Event.TaskStarted) e).name())
                .toList();
    }
}
