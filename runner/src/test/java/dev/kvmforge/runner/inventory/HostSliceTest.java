package dev.kvmforge.runner.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HostSliceTest {

    private static final List<String> HOSTS = IntStream.rangeClosed(1, 1000).mapToObj(i -> "kvm" + i).toList();

    @Test
    void everyHostIsInExactlyOneSliceAndTheSlicesAreNearEven() {
        for (int n : List.of(1, 2, 3, 7, 16)) {
            int[] sizes = new int[n];
            for (String h : HOSTS) {
                int in = 0;
                for (int i = 1; i <= n; i++) {
                    if (new HostSlice(i, n).contains(h)) {
                        in++;
                        sizes[i - 1]++;
                    }
                }
                assertEquals(1, in, h + " in one of " + n + " slices");
            }
            for (int size : sizes) {
                assertTrue(Math.abs(size - HOSTS.size() / n) < HOSTS.size() / n / 4 + 10,
                        "slice sizes for " + n + ": " + java.util.Arrays.toString(sizes));
            }
        }
    }

    @Test
    void aHostsSliceDependsOnItsNameOnlyNotOnTheInventorysOrder() {
        List<String> shuffled = new ArrayList<>(HOSTS);
        Collections.shuffle(shuffled, new Random(7));
        HostSlice s = HostSlice.parse("2/5");
        assertEquals(HOSTS.stream().filter(s::contains).sorted().toList(),
                shuffled.stream().filter(s::contains).sorted().toList());
        assertEquals(5, HostSlice.sliceOf("kvm1", 5), "fixed for a name (the first 8 bytes of its SHA-256, mod 5, plus 1):"
                + " the same on every machine and release");
    }

    @Test
    void badSlicesAreClearErrors() {
        KvmforgeException notIOverN = assertThrows(KvmforgeException.class, () -> HostSlice.parse("2"));
        assertTrue(notIOverN.getMessage().contains("--slice '2' is not I/N"), notIOverN.getMessage());
        KvmforgeException zero = assertThrows(KvmforgeException.class, () -> HostSlice.parse("0/4"));
        assertTrue(zero.getMessage().contains("runs from 1 to 4"), zero.getMessage());
        assertThrows(KvmforgeException.class, () -> HostSlice.parse("5/4"));
        assertThrows(KvmforgeException.class, () -> HostSlice.parse("1/0"));
        assertEquals("3/4", HostSlice.parse(" 3 / 4 ").toString());
    }
}
