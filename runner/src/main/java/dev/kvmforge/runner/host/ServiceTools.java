package dev.kvmforge.runner.host;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tools a host has to run services and set them to start at boot, and whether OpenRC booted it: with PID 1
 * ({@link Facts#init()}), what decides how the service module drives services there.
 *
 * @param commands     those of {@code systemctl}, {@code update-rc.d}, {@code rc-service}, {@code rc-update} and
 *                     {@code service} on the PATH
 * @param openrcBooted {@code /run/openrc} exists: OpenRC started this boot
 */
public record ServiceTools(Set<String> commands, boolean openrcBooted) {

    public ServiceTools {
        commands = Set.copyOf(commands);
    }

    public static final HostFact<ServiceTools> FACT = HostFact.of("service-tools",
            "for t in systemctl update-rc.d rc-service rc-update service; do "
                    + "command -v $t >/dev/null 2>&1 && echo $t; done; [ -d /run/openrc ] && echo openrc-booted; true",
            ServiceTools::parse);

    static ServiceTools parse(String out) {
        Set<String> words = Arrays.stream(out.split("\n")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        boolean openrc = words.remove("openrc-booted");
        return new ServiceTools(words, openrc);
    }

    public boolean has(String command) {
        return commands.contains(command);
    }
}
