package dev.kvmforge.runner.event;

/** Receives the events of a run. Called from many threads: implementations synchronize what they share. */
@FunctionalInterface
public interface EventListener {

    void on(Event event);

    /** Called once after the last event; flush and close files here. */
    default void close() {
    }

    /** One listener that hands every event to each of {@code listeners} in turn. */
    static EventListener all(java.util.List<EventListener> listeners) {
        java.util.List<EventListener> copy = java.util.List.copyOf(listeners);
        return new EventListener() {
            @Override
            public void on(Event event) {
                for (EventListener l : copy) {
                    l.on(event);
                }
            }

            @Override
            public void close() {
                for (EventListener l : copy) {
                    l.close();
                }
            }
        };
    }
}
