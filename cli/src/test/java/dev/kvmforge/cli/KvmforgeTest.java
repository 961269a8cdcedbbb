package dev.kvmforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.report.ConsoleMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The top command: version, usage, completion, and how unexpected errors are reported. */
class KvmforgeTest {

    @Test
    void versionComesFromTheBuild() {
        Cli r = Cli.run("--version");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("kvmforge 0."), r.toString());
        assertTrue(!r.out().contains("${"), "filtered by Maven: " + r);
    }

    @Test
    void usageListsTheCommands() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("Usage: kvmforge"), r.toString());
        assertTrue(r.out().contains("run") && r.out().contains("inventory") && r.out().contains("completion"),
                r.toString());
        Cli runHelp = Cli.run("run", "--help");
        assertTrue(runHelp.out().contains("--host-key-policy=POLICY"), runHelp.toString());
        assertTrue(runHelp.out().contains("strict, accept-new, off"), runHelp.toString());
    }

    @Test
    void unknownCommandExitsFive() {
        Cli r = Cli.run("rnu");
        assertEquals(5, r.exitCode(), r.toString());
        assertTrue(r.err().contains("run"), "suggests run: " + r);
    }

    @Test
    void noCommandIsAUsageError() {
        Cli r = Cli.run();
        assertEquals(5, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("ERROR! Missing a command: run, verify, inventory, report, daemon, completion, help"), r.toString());
    }

    @Test
    void completionPrintsABashScriptOfEveryCommand() {
        Cli r = Cli.run("completion");
        assertEquals(0, r.exitCode(), r.toString());
        String script = r.out();
        assertTrue(script.contains("complete -F _complete_kvmforge"), script.lines().limit(5).toList().toString());
        for (String function : List.of("_picocli_kvmforge_run", "_picocli_kvmforge_verify",
                "_picocli_kvmforge_inventory", "_picocli_kvmforge_report", "_picocli_kvmforge_daemon", "_picocli_kvmforge_completion")) {
            assertTrue(script.contains(function + "()"), "a function per command: " + function);
        }
        for (String option : List.of("--host-key-policy", "--limit", "--timeout", "--junit-xml", "--graph")) {
            assertTrue(script.contains(option), "options of subcommands: " + option);
        }
        assertTrue(script.contains("accept-new"), "candidates");
    }

    @Test
    void unexpectedErrorsPrintOneLineAndExitOne() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cl = Kvmforge.commandLine(ConsoleMode.PLAIN);
        cl.setErr(new PrintWriter(err, true));
        CommandLine run = cl.getSubcommands().get("run");
        int code = new ErrorReport().handleExecutionException(new IllegalStateException("boom"), run,
                cl.parseArgs("run", "x.yml"));
        assertEquals(1, code);
        assertEquals("ERROR! unexpected error: java.lang.IllegalStateException: boom\n"
                + "run with -vvvv for the stack trace\n", err.toString());
    }
}
