package dev.kvmforge.cli.resident;

import dev.kvmforge.cli.Kvmforge;
import dev.kvmforge.cli.VersionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The {@code kvmforge} process: the command runs in the user's resident process (started on first use, see
 * {@link ResidentClient}), or in this JVM with {@code --no-daemon} (anywhere on the command line),
 * {@code KVMFORGE_DAEMON=off}, for {@code train-archive}, and whenever the resident process cannot be used. This
 * class loads nothing of the runner: a command the resident process runs costs this JVM's start and a round trip.
 */
public final class Main {

    /** The option that runs the command in this process. */
    static final String NO_DAEMON = "--no-daemon";

    private Main() {
    }

    public static void main(String[] args) {
        List<String> command = new ArrayList<>(List.of(args));
        boolean inProcess = command.remove(NO_DAEMON)
                || "off".equalsIgnoreCase(String.valueOf(System.getenv("KVMFORGE_DAEMON")).strip())
                || !command.isEmpty() && command.get(0).equals("train-archive");
        if (command.size() == 1 && (command.get(0).equals("--version") || command.get(0).equals("-V"))) {
            for (String line : VersionInfo.lines()) { // the same text as in process, without picocli or a round trip
                System.out.println(line);
            }
            return;
        }
        if (!inProcess) {
            OptionalInt code = ResidentClient.run(command);
            if (code.isPresent()) {
                System.out.flush();
                System.exit(code.getAsInt());
            }
        }
        Kvmforge.main(command.toArray(String[]::new));
    }
}
