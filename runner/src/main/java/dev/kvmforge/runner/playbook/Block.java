package dev.kvmforge.runner.playbook;

import dev.kvmforge.runner.error.SourceLocation;
import java.util.List;

/**
 * A {@code block} with its {@code rescue} (run on hosts where the block failed) and {@code always} (run on all).
 * The children's options already include this block's.
 */
public record Block(String name, List<TaskNode> block, List<TaskNode> rescue, List<TaskNode> always,
                    TaskOptions options, SourceLocation location) implements TaskNode {

    public Block {
        block = List.copyOf(block);
        rescue = List.copyOf(rescue);
        always = List.copyOf(always);
    }
}
