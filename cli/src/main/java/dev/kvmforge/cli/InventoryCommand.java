package dev.kvmforge.cli;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.Suggestions;
import dev.kvmforge.runner.execute.RunResult;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.inventory.InventoryHost;
import dev.kvmforge.runner.yaml.Yaml;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvmforge inventory}: shows an inventory's hosts, groups and variables, as {@code ansible-inventory}. */
@Command(name = "inventory", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Shows the hosts, groups and variables of an inventory, as ansible-inventory does.")
final class InventoryCommand implements Callable<Integer>, Verbose {

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY",
            description = "Inventory file (INI or YAML). Default: the local host only.")
    Path inventory;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    /** What to show: exactly one of them. */
    static final class Action {
        @Option(names = "--list", required = true, description = "All groups and hosts with their variables, as JSON.")
        boolean list;

        @Option(names = "--graph", required = true, description = "The group tree with its hosts.")
        boolean graph;

        @Option(names = "--host", required = true, paramLabel = "NAME",
                description = "The variables of one host, as JSON.")
        String host;
    }

    @Option(names = "-v", description = "More output; -vvvv shows stack traces of errors.")
    boolean[] verbose = new boolean[0];

    @Override
    public int verbosity() {
        return verbose.length;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Inventory inv = inventory == null ? Inventory.localhost() : Inventory.load(inventory);
        if (action.list) {
            out.println(Yaml.binder().writerWithDefaultPrettyPrinter().writeValueAsString(inv.toAnsibleJson()));
        } else if (action.graph) {
            out.print(inv.graph());
        } else {
            InventoryHost h = inv.host(action.host).orElseThrow(() -> KvmforgeException.options(
                    "no host '" + action.host + "' in the inventory",
                    Suggestions.hint(action.host, inv.hosts().stream().map(InventoryHost::name).toList(), "hosts")));
            out.println(Yaml.binder().writerWithDefaultPrettyPrinter().writeValueAsString(h.vars()));
        }
        out.flush();
        return RunResult.OK;
    }
}
