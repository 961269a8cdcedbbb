package dev.kvmforge.cli;

import dev.kvmforge.runner.report.ConsoleMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code kvmforge train-archive} (hidden): what the launcher runs once per jar and JDK with
 * {@code -XX:ArchiveClassesAtExit}, so that the JVM's class archive holds the classes of the common paths and later
 * starts skip loading and verifying them. Runs a playbook (check mode, for real, again), {@code verify} with its
 * reports, and the listings, all over SSH to a {@link TrainingHost} on 127.0.0.1; writes only to a temporary folder
 * it removes. Exit 0 when every step ended as expected, else 1 with the step's output.
 */
@Command(name = "train-archive", hidden = true,
        description = "Runs the common paths once, over SSH to a throwaway server on 127.0.0.1, for the launcher's "
                + "class archive.")
final class TrainCommand implements Callable<Integer> {

    private static final String PLAYBOOK = "training.yml";

    /** A command line to run and the exit codes that mean it ran as it should. */
    private record Step(List<String> args, Set<Integer> expected) {
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, GeneralSecurityException {
        Path dir = Files.createTempDirectory("kvmforge-train");
        try (TrainingHost host = TrainingHost.start(dir)) {
            Path inventory = dir.resolve("hosts.ini");
            Files.writeString(inventory, host.inventoryLine("trainee") + "\n");
            Path playbook = dir.resolve(PLAYBOOK);
            try (InputStream in = TrainCommand.class.getResourceAsStream(PLAYBOOK)) {
                Files.copy(in, playbook);
            }
            List<String> ssh = List.of("-i", inventory.toString(), "--known-hosts", dir.resolve("known_hosts").toString(),
                    "--host-key-policy", "accept-new");
            List<String> play = concat(List.of("run", playbook.toString(), "-e", "train_dir=" + dir.resolve("work")), ssh);
            for (Step step : List.of(
                    new Step(concat(play, List.of("--check", "--diff")), Set.of(0)),
                    new Step(play, Set.of(0)),
                    new Step(concat(play, List.of("-v")), Set.of(0)),
                    new Step(concat(List.of("verify", "-q", "--json", dir.resolve("verify.json").toString(),
                            "--junit-xml", dir.resolve("verify.xml").toString()), ssh), Set.of(0, 2)),
                    new Step(List.of("run", "kvm-host", "--syntax-check", "--list-tasks", "--list-hosts"), Set.of(0)),
                    new Step(List.of("inventory", "-i", inventory.toString(), "--graph"), Set.of(0)))) {
                StringWriter output = new StringWriter();
                int code = run(step.args(), output);
                if (!step.expected().contains(code)) {
                    PrintWriter err = spec.commandLine().getErr();
                    err.println("kvmforge train-archive: 'kvmforge " + String.join(" ", step.args()) + "' exited with "
                            + code + ":");
                    err.print(output);
                    err.flush();
                    return 1;
                }
            }
            return 0;
        } finally {
            delete(dir);
        }
    }

    private static int run(List<String> args, StringWriter output) {
        CommandLine cl = Kvmforge.commandLine(ConsoleMode.PLAIN, args.toArray(String[]::new));
        PrintWriter writer = new PrintWriter(output, true);
        cl.setOut(writer);
        cl.setErr(writer);
        return cl.execute(args.toArray(String[]::new));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
