package dev.kvmforge.runner.error;

/**
 * Where an error happened, as parts: the file:line:column of the task (or of the argument it is about), the task's
 * name and the host. {@link KvmforgeException#at(Where)} places an error with it; a part may be unknown (null).
 *
 * @param location the task's or argument's place in its file
 * @param task     the task's name as written
 * @param host     the inventory host
 */
public record Where(SourceLocation location, String task, String host) {

    /** {@code site.yml:5:9, task 'disk', host kvm1}: the known parts, in that order. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (location != null) {
            b.append(location);
        }
        if (task != null) {
            b.append(b.isEmpty() ? "" : ", ").append("task '").append(task).append('\'');
        }
        if (host != null) {
            b.append(b.isEmpty() ? "" : ", ").append("host ").append(host);
        }
        return b.toString();
    }
}
