package dev.kvmforge.runner.event;

/** One host's line of the PLAY RECAP. */
public record HostStats(int ok, int changed, int unreachable, int failed, int skipped, int rescued, int ignored) {

    public static final HostStats ZERO = new HostStats(0, 0, 0, 0, 0, 0, 0);

    public HostStats plus(Status status, boolean ignoredFailure) {
        return switch (status) {
            case OK -> new HostStats(ok + 1, changed, unreachable, failed, skipped, rescued, ignored);
            case CHANGED -> new HostStats(ok + 1, changed + 1, unreachable, failed, skipped, rescued, ignored);
            case UNREACHABLE -> new HostStats(ok, changed, unreachable + 1, failed, skipped, rescued, ignored);
            case FAILED -> ignoredFailure
                    ? new HostStats(ok, changed, unreachable, failed, skipped, rescued, ignored + 1)
                    : new HostStats(ok, changed, unreachable, failed + 1, skipped, rescued, ignored);
            case SKIPPED -> new HostStats(ok, changed, unreachable, failed, skipped + 1, rescued, ignored);
        };
    }

    public HostStats rescue() {
        return new HostStats(ok, changed, unreachable, Math.max(0, failed - 1), skipped, rescued + 1, ignored);
    }
}
