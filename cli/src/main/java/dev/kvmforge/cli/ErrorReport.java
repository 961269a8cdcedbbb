package dev.kvmforge.cli;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.Suggestions;
import dev.kvmforge.runner.execute.RunResult;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns failures into what the operator reads on stderr, as Ansible does: {@code ERROR! } and the message (where,
 * what, hint). A {@link KvmforgeException} exits with its kind's code; a usage error (unknown option, bad value)
 * exits 5 with the usage hint; anything unexpected prints one line and exits 1. Stack traces only at {@code -vvvv}.
 */
final class ErrorReport implements IParameterExceptionHandler, IExecutionExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("ERROR! " + e.getMessage());
        if (!UnmatchedArgumentException.printSuggestions(e, err)) {
            suggestCommand(e, cl, err);
        }
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return RunResult.BAD_OPTIONS;
    }

    /** Picocli's suggestions miss transposed letters ({@code rnu}); ours catch them. */
    private static void suggestCommand(ParameterException e, CommandLine cl, PrintWriter err) {
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !cl.getSubcommands().isEmpty()) {
            List<String> near = Suggestions.nearest(u.getUnmatched().get(0), cl.getSubcommands().keySet());
            if (!near.isEmpty()) {
                err.println("Did you mean: " + String.join(" or ", near) + "?");
            }
        }
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) throws Exception {
        if (e instanceof ParameterException p) {
            return handleParseException(p, parsed.originalArgs().toArray(String[]::new));
        }
        int verbosity = cl.getCommand() instanceof Verbose v ? v.verbosity() : 0;
        PrintWriter err = cl.getErr();
        int code;
        if (e instanceof KvmforgeException k) {
            err.println("ERROR! " + k.getMessage());
            code = k.kind().exitCode();
        } else {
            err.println("ERROR! unexpected error: " + e);
            if (verbosity < Verbose.STACK_TRACES) {
                err.println("run with -vvvv for the stack trace");
            }
            code = RunResult.ERROR;
        }
        if (verbosity >= Verbose.STACK_TRACES) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
