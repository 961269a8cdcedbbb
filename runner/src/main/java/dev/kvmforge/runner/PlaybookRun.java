package dev.kvmforge.runner;

import dev.kvmforge.runner.connection.Connector;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.event.EventListener;
import dev.kvmforge.runner.event.SecretMask;
import dev.kvmforge.runner.execute.PlaybookExecutor;
import dev.kvmforge.runner.execute.RunOptions;
import dev.kvmforge.runner.execute.RunResult;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.inventory.InventoryHost;
import dev.kvmforge.runner.modules.ModuleRegistry;
import dev.kvmforge.runner.template.Templar;
import dev.kvmforge.runner.playbook.Playbook;
import dev.kvmforge.runner.playbook.AnsibleConfig;
import dev.kvmforge.runner.playbook.PlaybookParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a playbook: the public Java API of the runner.
 *
 * <pre>{@code
 * RunResult r = PlaybookRun.of(Path.of("site.yml"))
 *         .withInventory(Inventory.load(Path.of("hosts.ini")))
 *         .withOptions(RunOptions.defaults().withCheck(true))
 *         .withListener(event -> System.out.println(event))
 *         .run();
 * }</pre>
 *
 * <p>A playbook or inventory that cannot be read throws {@link dev.kvmforge.runner.error.KvmforgeException} (exit
 * code 4 or 5 by its kind) before anything runs; everything after that is in the events and the {@link RunResult}.
 */
public final class PlaybookRun {

    private final Path playbook;
    private Inventory inventory = Inventory.localhost();
    private RunOptions options = RunOptions.defaults();
    private final List<EventListener> listeners = new ArrayList<>();
    private Connector connector;
    private AnsibleConfig config;
    private Map<String, String> env = System.getenv();
    private volatile PlaybookExecutor executor;
    private volatile boolean stopRequested;
    private volatile boolean abortRequested;

    private PlaybookRun(Path playbook) {
        this.playbook = playbook;
    }

    public static PlaybookRun of(Path playbook) {
        return new PlaybookRun(playbook);
    }

    public PlaybookRun withInventory(Inventory inventory) {
        this.inventory = inventory;
        return this;
    }

    public PlaybookRun withOptions(RunOptions options) {
        this.options = options;
        return this;
    }

    public PlaybookRun withListener(EventListener listener) {
        listeners.add(listener);
        return this;
    }

    /** Uses {@code connector} to reach hosts instead of the standard one (local and SSH). */
    public PlaybookRun withConnector(Connector connector) {
        this.connector = connector;
        return this;
    }

    /**
     * Reads roles_path and gathering from {@code config} with {@code env} ({@code ANSIBLE_*} first) instead of the
     * ansible.cfg that Ansible would find from this process's environment.
     */
    public PlaybookRun withAnsibleConfig(AnsibleConfig config, Map<String, String> env) {
        this.config = config;
        this.env = Map.copyOf(env);
        return this;
    }

    /** Reads and checks the playbook without running anything ({@code --syntax-check}). */
    public Playbook parse() {
        AnsibleConfig c = config != null ? config : AnsibleConfig.find(env);
        return new PlaybookParser(ModuleRegistry.standard(), c, env).parse(playbook);
    }

    /**
     * Runs the playbook to the end (or until {@link #stop()}); the listeners see every step, with the run's secrets
     * masked (see {@link #secrets}).
     */
    public RunResult run() {
        Playbook pb = parse();
        EventListener masked = SecretMask.of(secrets(inventory, options, pb)).around(EventListener.all(listeners));
        PlaybookExecutor ex = new PlaybookExecutor(inventory, options, connector, masked);
        executor = ex;
        if (stopRequested) {
            ex.stop();
        }
        if (abortRequested) {
            ex.abort();
        }
        return ex.run(pb);
    }

    /**
     * The run's passwords and passphrases, which no listener sees: the values of the secret variables (see
     * {@link InventoryHost#isSecret}: {@code ansible_password}, {@code ansible_become_password},
     * {@code ansible_ssh_private_key_passphrase}...) of the inventory's hosts and groups, the playbook's play
     * {@code vars} and the extra variables, and the become password ({@code -K}); each also as the shell would quote it
     * in a command line. A value that is a template ({@code "{{ vault_pw }}"}) is left out: the variable it names is
     * masked when that one has a secret's name.
     */
    static Set<String> secrets(Inventory inventory, RunOptions options, Playbook playbook) {
        Set<String> values = new HashSet<>();
        inventory.hosts().forEach(h -> addSecrets(h.vars(), values));
        inventory.groups().values().forEach(g -> addSecrets(g.vars(), values));
        playbook.plays().forEach(p -> addSecrets(p.vars(), values));
        addSecrets(options.extraVars(), values);
        if (options.becomePassword() != null) {
            values.add(options.becomePassword().reveal());
        }
        Set<String> withQuoted = new HashSet<>(values);
        for (String v : values) {
            if (!v.isEmpty() && v.indexOf('\0') < 0) {
                withQuoted.add(Shell.quote(v));
            }
        }
        return withQuoted;
    }

    private static void addSecrets(Map<String, Object> vars, Set<String> values) {
        vars.forEach((name, value) -> {
            if ((value instanceof String || value instanceof Number) && InventoryHost.isSecret(name)) {
                String v = String.valueOf(value);
                if (!Templar.isTemplate(v)) {
                    values.add(v);
                }
            }
        });
    }

    /**
     * Asks the run to stop, as Ctrl-C does: no new task starts, running ones may finish; then the recap is emitted
     * and the run returns exit code 99. {@link #abort()} ends the running ones.
     */
    public void stop() {
        stopRequested = true;
        PlaybookExecutor ex = executor;
        if (ex != null) {
            ex.stop();
        }
    }

    /**
     * Stops the run and ends the tasks still running, as Ctrl-C does once its grace period has passed: local
     * commands are killed with their children, remote ones as for a timeout; those tasks fail as interrupted, the
     * recap is emitted and the run returns exit code 99.
     */
    public void abort() {
        stopRequested = true;
        abortRequested = true;
        PlaybookExecutor ex = executor;
        if (ex != null) {
            ex.abort();
        }
    }
}
