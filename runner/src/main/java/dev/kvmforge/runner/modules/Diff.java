package dev.kvmforge.runner.modules;

/**
 * A text change for {@code --diff}: what {@code path} holds before and after. {@code before} is empty for a file that
 * does not exist yet.
 */
public record Diff(String path, String before, String after) {

    public Diff {
        before = before == null ? "" : before;
        after = after == null ? "" : after;
    }
}
