package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.connection.Shell;

/** {@code shell}: runs a command line through {@code /bin/sh} (or {@code executable}), pipes and variables included. */
public final class ShellModule extends CommandModule {

    @Override
    public String name() {
        return "shell";
    }

    @Override
    protected String commandLine(Params p) {
        String text = p.argv() != null && !p.argv().isEmpty() ? Shell.command(p.argv()) : p.cmd();
        if (p.executable() != null) {
            return Shell.quote(p.executable()) + " -c " + Shell.quote(text);
        }
        return text;
    }
}
