package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.PlaybookRun;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.inventory.Inventory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Writes a playbook into a folder, runs it on the local host, and keeps every event for the test to look at. */
final class PlaybookFixture {

    final Path dir;
    final List<Event> events = new CopyOnWriteArrayList<>();
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

    RunResult run(String playbook, RunOptions options) {
        return run(playbook, options, Inventory.localhost());
    }

    RunResult run(String playbook, RunOptions options, Inventory inventory) {
        events.clear();
        Path p = write("site.yml", playbook);
        result = PlaybookRun.of(p).withInventory(inventory).withOptions(options).withListener(events::add).run();
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

    List<String> taskNames() {
        return events.stream().filter(e -> e instanceof Event.TaskStarted).map(e -> ((Event.TaskStarted) e).name())
                .toList();
    }
}
