package dev.kvmforge.checks.probe;

import dev.kvmforge.runner.connection.Shell;

/**
 * A path under the snapshot's root as {@code stat} sees it (a final symbolic link not followed), with the text of a
 * regular file when it was asked for.
 *
 * @param path     where it is on the host (root included)
 * @param exists   something is there (a dangling link counts)
 * @param type     {@code file}, {@code directory}, {@code link}, {@code character-device}, {@code block-device},
 *                 {@code fifo} or {@code socket}; empty when missing
 * @param mode     permission bits with set-id and sticky bits ({@code 02755})
 * @param owner    owning user
 * @param group    owning group
 * @param target   where a symbolic link points, else empty
 * @param readable the content was read ({@code false} for a file the login user may not read, or when not asked)
 * @param content  the text, when read
 */
public record FileState(String path, boolean exists, String type, int mode, String owner, String group, String target,
                        boolean readable, String content) {

    /** The file types a spec may name. */
    public static final java.util.List<String> TYPES = java.util.List.of("file", "directory", "link",
            "character-device", "block-device", "fifo", "socket");

    static String script(String path, boolean withContent) {
        return String.join("\n",
                "f=\"$R\"" + Shell.quote(path),
                "if [ ! -e \"$f\" ] && [ ! -L \"$f\" ]; then echo missing; exit 0; fi",
                "stat -c 'stat|%F|%a|%U|%G' -- \"$f\" || exit 4",
                "if [ -L \"$f\" ]; then printf 'target|%s\\n' \"$(readlink -- \"$f\")\"; fi",
                withContent ? "if [ -f \"$f\" ] && [ -r \"$f\" ]; then echo content; exec cat -- \"$f\"; fi" : "");
    }

    static FileState read(ProbeOutput out, String path) {
        String onHost = out.onHost(path);
        if (out.exitStatus() != 0) {
            throw new IllegalStateException("cannot stat " + onHost + " (exit status " + out.exitStatus() + "): "
                    + out.stderr().strip());
        }
        String text = out.stdout();
        if (text.strip().equals("missing")) {
            return new FileState(onHost, false, "", 0, "", "", "", false, "");
        }
        String head = text;
        String content = "";
        boolean readable = false;
        int c = text.startsWith("content\n") ? 0 : text.indexOf("\ncontent\n");
        if (c >= 0) {
            head = text.substring(0, c);
            content = text.substring(c + (c == 0 ? "content\n".length() : "\ncontent\n".length()));
            readable = true;
        }
        String type = "";
        int mode = 0;
        String owner = "";
        String group = "";
        String target = "";
        for (String line : head.split("\n")) {
            String[] f = line.split("\\|", -1);
            if (f[0].equals("stat") && f.length == 5) {
                type = type(f[1]);
                mode = Integer.parseInt(f[2], 8);
                owner = f[3];
                group = f[4];
            } else if (f[0].equals("target") && f.length >= 2) {
                target = line.substring("target|".length());
            }
        }
        return new FileState(onHost, true, type, mode, owner, group, target, readable, content);
    }

    private static String type(String statType) {
        return switch (statType) {
            case "regular file", "regular empty file" -> "file";
            case "directory" -> "directory";
            case "symbolic link" -> "link";
            case "character special file" -> "character-device";
            case "block special file" -> "block-device";
            case "fifo" -> "fifo";
            case "socket" -> "socket";
            default -> statType;
        };
    }

    /** {@code /etc/libvirt/qemu.conf (file, mode 0600, root:root)}. */
    public String describe() {
        if (!exists) {
            return path + " does not exist";
        }
        return path + " (" + type + (target.isEmpty() ? "" : " to " + target) + ", mode "
                + String.format("%04o", mode) + ", " + owner + ":" + group + ")";
    }
}
