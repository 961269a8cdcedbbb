package dev.kvmforge.runner.inventory;

import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slice {@code index} of {@code count} ({@code --slice 2/4}): the hosts whose name falls into it, one slice per
 * host. Which slice a host is in depends on its name only (a SHA-256 of it), so the slices are the same on every
 * machine, for every order of the inventory, and for hosts that {@code add_host} adds; N processes, each with its
 * own slice, together work on every host once.
 *
 * @param index 1 to {@code count}
 * @param count how many slices the hosts are cut into
 */
public record HostSlice(int index, int count) {

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+)\\s*");

    public HostSlice {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("slice " + index + "/" + count + ": the index runs from 1 to the count");
        }
    }

    /** {@code I/N}, as {@code --slice} takes it. */
    public static HostSlice parse(String text) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            throw KvmforgeException.options("--slice '" + text + "' is not I/N",
                    "give the slice's number and the number of slices, such as --slice 2/4 (slices 1/4 to 4/4)");
        }
        int index;
        int count;
        try {
            index = Integer.parseInt(m.group(1));
            count = Integer.parseInt(m.group(2));
        } catch (NumberFormatException e) {
            throw KvmforgeException.options("--slice '" + text + "': numbers too large", null);
        }
        if (count < 1 || index < 1 || index > count) {
            throw KvmforgeException.options("--slice '" + text + "': the slice's number runs from 1 to " + count,
                    "such as --slice 1/" + Math.max(count, 1) + " to --slice " + Math.max(count, 1) + "/"
                            + Math.max(count, 1));
        }
        return new HostSlice(index, count);
    }

    /** Whether the host named {@code hostName} is in this slice. */
    public boolean contains(String hostName) {
        return count == 1 || sliceOf(hostName, count) == index;
    }

    /** The slice (1 to {@code count}) the host named {@code hostName} is in. */
    public static int sliceOf(String hostName, int count) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(hostName.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return (int) Long.remainderUnsigned(h, count) + 1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
