package dev.kvmforge.checks.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code /proc/net} as the kernel writes it: little-endian words, LISTEN for TCP, unconnected for UDP. */
class ListeningSocketsTest {

    static final String PROC_NET = """
            table tcp
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1
               1: 00000000:4051 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1
               2: 0100007F:0016 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 3 1
            table tcp6
              sl  local_address                         remote_address                        st
               0: 00000000000000000000000000000000:4051 00000000000000000000000000000000:0000 0A 0
               1: 0000000000000000FFFF00000100007F:8CA7 00000000000000000000000000000000:0000 0A 0
               2: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 0A 0
            table udp
              sl  local_address rem_address   st
               0: 00000000:0035 00000000:0000 07 0
            """;

    @Test
    void listeningTcpAndBoundUdpSockets() {
        ListeningSockets s = ListeningSockets.read(new ProbeOutput("listening-sockets", "/", 0, PROC_NET, ""));
        assertEquals(List.of("tcp 127.0.0.1:22", "tcp 0.0.0.0:16465", "tcp [::]:16465", "tcp 127.0.0.1:36007",
                "tcp [::1]:631", "udp 0.0.0.0:53"), s.sockets().stream().map(ListeningSockets.Socket::describe).toList());
        assertEquals(2, s.on("tcp", 16465).size());
    }

    @Test
    void addressesAreWrittenOneWay() {
        assertEquals(Optional.of("::1"), IpAddress.canonical("0:0:0:0:0:0:0:1"));
        assertEquals(Optional.of("fe80::1:0:0:2"), IpAddress.canonical("[fe80:0:0:0:1:0:0:2]"));
        assertEquals(Optional.of("10.0.0.1"), IpAddress.canonical("10.0.0.1"));
        assertEquals(Optional.of("127.0.0.1"), IpAddress.canonical("::ffff:127.0.0.1"));
        assertEquals(Optional.empty(), IpAddress.canonical("localhost"));
        assertEquals(Optional.empty(), IpAddress.canonical("256.1.1.1"));
    }
}
