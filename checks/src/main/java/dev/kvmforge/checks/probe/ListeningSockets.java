package dev.kvmforge.checks.probe;

import java.util.ArrayList;
import java.util.List;

/**
 * The TCP sockets listening and the UDP sockets bound on the running kernel, read from {@code /proc/net} (no
 * {@code ss} or {@code netstat} needed): the network namespace of the login session.
 *
 * @param sockets every listening TCP and bound UDP socket
 */
public record ListeningSockets(List<Socket> sockets) {

    /**
     * One socket.
     *
     * @param protocol {@code tcp} or {@code udp}
     * @param address  the local address, as written for people ({@code 0.0.0.0}, {@code ::}, {@code 127.0.0.1},
     *                 {@code ::1})
     * @param port     the local port
     */
    public record Socket(String protocol, String address, int port) {

        /** {@code tcp 127.0.0.1:22}, {@code udp [::]:53}. */
        public String describe() {
            return protocol + " " + (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        }
    }

    public ListeningSockets {
        sockets = List.copyOf(sockets);
    }

    static final String SCRIPT = String.join("\n",
            "for p in tcp tcp6 udp udp6; do",
            "  if [ -r /proc/net/$p ]; then echo \"table $p\"; cat /proc/net/$p; fi",
            "done");

    static ListeningSockets read(ProbeOutput out) {
        List<Socket> list = new ArrayList<>();
        String table = "";
        for (String line : out.stdout().split("\n")) {
            String l = line.strip();
            if (l.startsWith("table ")) {
                table = l.substring(6);
                continue;
            }
            String[] f = l.split("\\s+");
            if (f.length < 4 || !f[0].endsWith(":") || table.isEmpty()) {
                continue;
            }
            boolean tcp = table.startsWith("tcp");
            String state = f[3];
            // TCP_LISTEN is 0A; a bound UDP socket that is not connected shows TCP_CLOSE, 07
            if (tcp ? !state.equals("0A") : !state.equals("07")) {
                continue;
            }
            int colon = f[1].lastIndexOf(':');
            String address = address(f[1].substring(0, colon));
            int port = Integer.parseInt(f[1].substring(colon + 1), 16);
            list.add(new Socket(tcp ? "tcp" : "udp", address, port));
        }
        return new ListeningSockets(list);
    }

    /** The sockets of {@code protocol} on {@code port}. */
    public List<Socket> on(String protocol, int port) {
        return sockets.stream().filter(s -> s.protocol().equals(protocol) && s.port() == port).toList();
    }

    /** An address of {@code /proc/net}: 8 or 32 hex digits, each 32-bit word in the kernel's (little-endian) order. */
    static String address(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + i) * 2;
                b[word * 4 + 3 - i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return IpAddress.format(b);
    }
}
