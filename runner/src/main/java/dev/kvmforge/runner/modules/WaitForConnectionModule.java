package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import java.time.Duration;
import java.util.Map;

/**
 * {@code wait_for_connection}: waits until the host answers over its connection (a new login each try, then a
 * command, as Ansible's ping test), for a host that is booting: a VM just started, a machine just installed. Tries
 * every {@code sleep} seconds after {@code delay}, up to {@code timeout}; a host that does not answer until then
 * fails the task with the last error, as Ansible words it. The host is not counted unreachable before. Skipped in check
 * mode, as in Ansible; never changed.
 */
public final class WaitForConnectionModule implements Module<WaitForConnectionModule.Params> {

    /**
     * @param delay          seconds before the first try (default 0)
     * @param sleep          seconds between tries (default 1)
     * @param timeout        seconds before giving up (default 600)
     * @param connectTimeout seconds one try may take (default 5; kvmforge's connection timeout applies)
     */
    public record Params(Integer delay, Integer sleep, Integer timeout, Integer connectTimeout) {
        public Params {
            delay = delay == null ? 0 : delay;
            sleep = sleep == null ? 1 : sleep;
            timeout = timeout == null ? 600 : timeout;
            connectTimeout = connectTimeout == null ? 5 : connectTimeout;
        }
    }

    @Override
    public String name() {
        return "wait_for_connection";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public boolean supportsCheckMode() {
        return false;
    }

    @Override
    public boolean reachesHostItself() {
        return true;
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        return Plan.of(Change.of("wait up to " + p.timeout() + " s for " + context.host().name() + " to answer"));
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        long start = System.nanoTime();
        PauseModule.sleep(Duration.ofSeconds(Math.max(0, p.delay())));
        long end = System.nanoTime() + Duration.ofSeconds(p.timeout()).toNanos();
        String last = "no try made";
        while (true) {
            try {
                Host host = context.reconnect().reconnect();
                ExecResult r = host.run("true");
                if (r.ok()) {
                    return ModuleResult.ok(Map.of("elapsed", elapsed(start)));
                }
                last = "the test command failed: " + r.stderr().strip();
            } catch (KvmforgeException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() >= end) {
                return ModuleResult.failed("timed out waiting for ping module test: " + last,
                        Map.of("elapsed", elapsed(start)));
            }
            PauseModule.sleep(Duration.ofSeconds(Math.max(1, p.sleep())));
        }
    }

    static int elapsed(long start) {
        return (int) ((System.nanoTime() - start) / 1_000_000_000L);
    }
}
