package dev.kvmforge.runner.host;

/**
 * What {@code stat} says of a path (the link itself, not its target).
 *
 * @param path       the path asked about
 * @param type       file, directory, link, or other
 * @param mode       the permission bits
 * @param owner      the owning user's name
 * @param group      the owning group's name
 * @param size       size in bytes
 * @param mtime      modification time, seconds since the epoch
 * @param linkTarget where a symbolic link points, or {@code null}
 */
public record FileStat(String path, Type type, FileMode mode, String owner, String group, long size, long mtime,
                       String linkTarget) {

    /** The kinds of filesystem object modules care about. */
    public enum Type { FILE, DIRECTORY, LINK, OTHER }

    public boolean isFile() {
        return type == Type.FILE;
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    public boolean isLink() {
        return type == Type.LINK;
    }
}
