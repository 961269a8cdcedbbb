package dev.kvmforge.checks.spec;

import dev.kvmforge.checks.model.Verdict;
import dev.kvmforge.checks.probe.HostSnapshot;
import dev.kvmforge.checks.probe.IpAddress;
import dev.kvmforge.checks.probe.ListeningSockets;
import dev.kvmforge.checks.probe.Probe;
import dev.kvmforge.checks.probe.Probes;
import dev.kvmforge.runner.error.Suggestions;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code port:}: something listens on a TCP port (or a UDP socket is bound), on one address or any, or nothing does.
 * The address must be the socket's: {@code 0.0.0.0} is the wildcard, not every address; it also matches a socket on
 * {@code ::}, which takes IPv4 connections too unless it is IPv6-only (Linux's default,
 * {@code net.ipv6.bindv6only = 0}), so that "nothing on 0.0.0.0:16509" is not passed by a daemon on {@code [::]}.
 *
 * <pre>
 * port:
 *   port: 16509
 *   protocol: tcp
 *   address: 0.0.0.0
 *   listening: false
 * </pre>
 *
 * @param protocol  {@code tcp} (default) or {@code udp}
 * @param port      the port
 * @param address   the local address in canonical form, or null for any
 * @param listening whether it must listen (default true)
 */
record PortSpec(String protocol, int port, String address, boolean listening) implements ResourceSpec {

    static final List<String> KEYS = List.of("port", "protocol", "address", "listening");
    static final List<String> PROTOCOLS = List.of("tcp", "udp");

    static PortSpec read(MappingReader m) {
        m.onlyKeys(KEYS, "keys of a port test");
        long port = m.number("port").orElseThrow(() -> m.error("a port test needs 'port'", null));
        if (port < 1 || port > 65535) {
            throw m.error("port", "a port is 1 to 65535, not " + port, null);
        }
        String protocol = m.optionalText("protocol").orElse("tcp");
        if (!PROTOCOLS.contains(protocol)) {
            throw m.error("protocol", "unknown protocol '" + protocol + "'",
                    Suggestions.hint(protocol, PROTOCOLS, "protocols"));
        }
        String address = m.optionalText("address").map(a -> IpAddress.canonical(a).orElseThrow(() -> m.error("address",
                "not an IP address: '" + a + "'", "write an IPv4 or IPv6 address (0.0.0.0, ::1), not a name"))).orElse(null);
        return new PortSpec(protocol, (int) port, address, m.bool("listening").orElse(true));
    }

    @Override
    public List<Probe<?>> probes() {
        return List.of(Probes.LISTENING_SOCKETS);
    }

    private String where() {
        return protocol + " " + (address == null ? "port " + port
                : (address.contains(":") ? "[" + address + "]" : address) + ":" + port);
    }

    @Override
    public Verdict evaluate(HostSnapshot host) {
        List<ListeningSockets.Socket> onPort = host.get(Probes.LISTENING_SOCKETS).on(protocol, port);
        List<ListeningSockets.Socket> matching = onPort.stream()
                .filter(s -> address == null || s.address().equals(address)
                        || address.equals("0.0.0.0") && s.address().equals("::")).toList();
        String found = onPort.stream().map(ListeningSockets.Socket::describe).collect(Collectors.joining(", "));
        String verb = protocol.equals("tcp") ? "listening" : "bound";
        if (listening) {
            return matching.isEmpty()
                    ? Verdict.fail("nothing is " + verb + " on " + where() + (found.isEmpty() ? "" : " (" + verb
                    + " on this port: " + found + ")"))
                    : Verdict.pass(verb + ": " + matching.stream().map(ListeningSockets.Socket::describe)
                    .collect(Collectors.joining(", ")));
        }
        return matching.isEmpty() ? Verdict.pass("nothing is " + verb + " on " + where())
                : Verdict.fail(matching.stream().map(ListeningSockets.Socket::describe).collect(Collectors.joining(", "))
                + (matching.size() == 1 ? " is " : " are ") + verb + " and should not be");
    }
}
