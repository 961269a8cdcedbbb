package dev.kvmforge.runner.connection;

import java.nio.file.Path;
import java.util.Map;

/**
 * The controller a run is driven from, as the operator's shell has it: the working directory relative paths start
 * at (a {@code -i}, a key file, an {@code ansible.cfg} found as {@code ./ansible.cfg}) and the environment that
 * {@code lookup('env')}, {@code ANSIBLE_*} settings and commands run on the local host see, and the terminal a
 * {@code pause} asks on. A process that serves
 * many runs (the CLI's resident process) gives each run the shell's own; everything else uses
 * {@link #thisProcess()}.
 *
 * @param workingDirectory where relative paths start (made absolute)
 * @param environment      the environment variables
 * @param prompter         where the operator answers prompts ({@code pause})
 */
public record Controller(Path workingDirectory, Map<String, String> environment, Prompter prompter) {

    private static final Controller THIS_PROCESS = new Controller(Path.of(""), System.getenv());

    public Controller {
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
        environment = Map.copyOf(environment);
        prompter = prompter == null ? Prompter.CONSOLE : prompter;
    }

    /** A controller whose prompts go to this process's console. */
    public Controller(Path workingDirectory, Map<String, String> environment) {
        this(workingDirectory, environment, Prompter.CONSOLE);
    }

    /** This JVM's working directory and environment. */
    public static Controller thisProcess() {
        return THIS_PROCESS;
    }

    /** {@code path} as the operator meant it: {@code ~/} is the home directory, a relative path starts here. */
    public Path resolve(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(home() + path.substring(1));
        }
        return workingDirectory.resolve(path);
    }

    /** The home directory: {@code HOME}, else the JVM's {@code user.home}. */
    public String home() {
        String home = environment.get("HOME");
        return home != null && !home.isBlank() ? home : System.getProperty("user.home");
    }
}
