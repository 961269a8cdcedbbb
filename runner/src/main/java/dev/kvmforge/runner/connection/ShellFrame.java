package dev.kvmforge.runner.connection;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The script a {@link PersistentShell} is sent for one command, and the random markers that frame the command's
 * output on the shell's stdout and stderr.
 *
 * <p>The script is one line, so the shell has read all of it, and nothing more, when it starts it. It prints the
 * begin marker on both streams, runs the command, then prints the end marker on stderr and the end marker with a
 * trailer {@code <exit status> <left behind>} on stdout. The command runs as {@code setsid -w /bin/sh -c COMMAND}:
 * its own shell (so {@code cd}, variables, {@code exit} and traps stay inside it) in its own session and process
 * group (so {@code $$}, which {@link CommandRunner} reports, is a group that can be killed, and the persistent shell
 * is not in it).
 *
 * <p>Its stdin is {@code /dev/null}, or the next {@code n} bytes of the shell's own input, which the sender writes
 * raw once the begin marker shows: {@code head -c n} passes them on, and whatever the command leaves unread is
 * drained, so none of it is ever taken for script.
 *
 * <p>Before the command the inner shell writes {@code $$} to a file of the persistent shell; afterwards, if that
 * process group still has members, "left behind" is 1: they may still hold the shell's output streams, so the shell
 * is not used again.
 *
 * @param begin  the begin marker, as printed on both streams
 * @param end    the end marker, as printed on both streams
 * @param script the shell text: one line, newline included
 */
record ShellFrame(byte[] begin, byte[] end, String script) {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Variables of the persistent shell itself; commands never see them (they are not exported). */
    private static final String STATUS = "_kvmforge_s";
    private static final String LEFT = "_kvmforge_l";
    private static final String PID = "_kvmforge_p";
    private static final String DIR = "_kvmforge_d";

    /**
     * The frame for {@code command}, whose stdin is the {@code stdinLength} bytes sent after the begin marker
     * shows (none: {@code /dev/null}), reporting its pid to {@code pidFile} (a path from {@link #setup()}).
     */
    static ShellFrame command(String command, long stdinLength, String pidFile) {
        String pf = Shell.quote(pidFile);
        String inner = "{ printf '%s\\n' \"$$\" >" + pf + "; } 2>/dev/null\n" + command;
        String run = "setsid -w /bin/sh -c " + Shell.quote(inner);
        String body = stdinLength == 0
                ? run + " </dev/null; "
                : "head -c " + stdinLength + " | { " + run + "; " + STATUS + "=$?; cat >/dev/null; exit $" + STATUS
                        + "; }; ";
        String leftBehind = PID + "=; { read " + PID + " <" + pf + "; } 2>/dev/null; [ -n \"$" + PID + "\" ] && "
                + "kill -0 -\"$" + PID + "\" 2>/dev/null && " + LEFT + "=1; ";
        return frame(body, leftBehind);
    }

    /**
     * The first frame on a new shell: checks that {@code setsid} is there, makes a private directory removed when
     * the shell exits (in memory where it can: the pid file is written for every command; named for the shell's pid,
     * so a later shell removes those whose shell was killed), and prints its path as the output; exit status 0 when
     * the shell can run commands.
     */
    static ShellFrame setup() {
        String stale = "_kvmforge_o";
        String body = "for " + DIR + " in \"$XDG_RUNTIME_DIR\" /dev/shm \"${TMPDIR:-/tmp}\"; do "
                + "[ -d \"$" + DIR + "\" ] && [ -w \"$" + DIR + "\" ] && break; done; "
                + "for " + stale + " in \"$" + DIR + "\"/kvmforge-shell.*.*; do "
                + "[ -O \"$" + stale + "\" ] || continue; " + PID + "=${" + stale + "##*/kvmforge-shell.}; "
                + "kill -0 \"${" + PID + "%%.*}\" 2>/dev/null || rm -rf \"$" + stale + "\"; done; "
                + "command -v setsid >/dev/null && "
                + DIR + "=$(mktemp -d \"$" + DIR + "/kvmforge-shell.$$.XXXXXXXX\") && "
                + "trap 'rm -rf \"$" + DIR + "\"' EXIT && trap 'exit 129' HUP && trap 'exit 143' TERM && "
                + "printf '%s' \"$" + DIR + "\"; ";
        return frame(body, "");
    }

    private static ShellFrame frame(String body, String leftBehind) {
        byte[] token = new byte[16];
        RANDOM.nextBytes(token);
        String marker = "kvmforge-frame:" + HexFormat.of().formatHex(token);
        String begin = marker + ":begin";
        String end = marker + ":end:";
        String script = "printf '%s' '" + begin + "'; printf '%s' '" + begin + "' >&2; "
                + body
                + STATUS + "=$?; " + LEFT + "=0; " + leftBehind
                + "printf '%s\\n' '" + end + "' >&2; "
                + "printf '%s%s %s\\n' '" + end + "' \"$" + STATUS + "\" \"$" + LEFT + "\"\n";
        return new ShellFrame(begin.getBytes(StandardCharsets.US_ASCII), end.getBytes(StandardCharsets.US_ASCII),
                script);
    }
}
