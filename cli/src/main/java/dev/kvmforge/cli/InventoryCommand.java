package dev.kvmforge.cli;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.Suggestions;
import dev.kvmforge.runner.execute.RunResult;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.inventory.InventoryHost;
import dev.kvmforge.runner.yaml.Yaml;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kvmforge inventory}: shows an inventory's hosts, groups and variables, as {@code ansible-inventory}. Secret
 * variables (passwords, passphrases) show as {@code ********} in every view.
 */
@Command(name = "inventory", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Shows the hosts, groups and variables of an inventory, as ansible-inventory does.")
final class InventoryCommand implements Callable<Integer>, Verbose {

    private final Invocation invocation;

    InventoryCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY",
            description = "Inventory file (INI or YAML). Default: the local host only.")
    String inventory;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    /** What to show: exactly one of them. */
    static final class Action {
        @Option(names = "--list", required = true, description = "All groups and hosts with their variables, as JSON.")
        boolean list;

        @Option(names = "--graph", required = true,
                description = "The group tree with its hosts, from GROUP (default: all).")
        boolean graph;

        @Option(names = "--host", required = true, paramLabel = "NAME",
                description = "The variables of one host, as JSON.")
        String host;
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "GROUP",
            description = "With --graph: the group to draw the tree from (default: all).")
    String group;

    @Option(names = "--vars", description = "With --graph: show the variables of the groups and hosts too.")
    boolean vars;

    @Option(names = "-v", description = "More output; -vvvv shows stack traces of errors.")
    boolean[] verbose = new boolean[0];

    @Override
    public int verbosity() {
        return verbose.length;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!action.graph && (group != null || vars)) {
            throw new ParameterException(spec.commandLine(), (group != null ? "GROUP '" + group + "'" : "--vars")
                    + " goes with --graph only");
        }
        Inventory inv = inventory == null ? Inventory.localhost()
                : Inventory.fromOption(inventory, invocation.controller().workingDirectory());
        if (action.list) {
            out.println(Yaml.binder().writerWithDefaultPrettyPrinter().writeValueAsString(inv.toAnsibleJson()));
        } else if (action.graph) {
            out.println(inv.graph(group == null ? Inventory.ALL : group, vars));
        } else {
            InventoryHost h = inv.host(action.host).orElseThrow(() -> KvmforgeException.options(
                    "no host '" + action.host + "' in the inventory",
                    Suggestions.hint(action.host, inv.hosts().stream().map(InventoryHost::name).toList(), "hosts")));
            out.println(Yaml.binder().writerWithDefaultPrettyPrinter().writeValueAsString(inv.toAnsibleJson(h)));
        }
        out.flush();
        return RunResult.OK;
    }
}
