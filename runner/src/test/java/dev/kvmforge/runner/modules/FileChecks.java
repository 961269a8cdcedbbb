package dev.kvmforge.runner.modules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** What the tests assert about local files: text, mode bits, owner. */
final class FileChecks {

    private FileChecks() {
    }

    static String text(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The permission bits as four octal digits, like {@code 0644}. */
    static String mode(Path p) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            int bits = 0;
            for (PosixFilePermission x : perms) {
                bits |= 1 << (8 - x.ordinal());
            }
            return String.format("%04o", bits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String owner(Path p) {
        try {
            return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).owner().getName();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String group(Path p) {
        try {
            return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).group().getName();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
