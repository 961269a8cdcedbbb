package dev.kvmforge.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kvmforge completion}: prints a bash (and zsh) completion script made from the commands' annotations. */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Prints a bash completion script for kvmforge.",
            "Use it with: source <(kvmforge completion)"})
final class CompletionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(AutoComplete.bash("kvmforge", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
