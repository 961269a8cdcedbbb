package dev.kvmforge.runner.event;

/** Receives the events of a run. Called from many threads: implementations synchronize what they share. */
@FunctionalInterface
public interface EventListener {

    void on(Event event);

    /** Called once after the last event; flush and close files here. */
    default void close() {
    }
}
