package dev.kvmforge.checks.probe;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP address literals written the one way reports use: dotted IPv4, IPv6 with the longest run of zeros as {@code ::},
 * and an IPv4-mapped IPv6 address ({@code ::ffff:127.0.0.1}) as the IPv4 address it stands for.
 */
public final class IpAddress {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
            + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAddress() {
    }

    /**
     * An IP address literal in its canonical form ({@code 0:0::1} is {@code ::1}); empty for anything else. Never
     * looks a name up.
     */
    public static Optional<String> canonical(String literal) {
        String t = literal.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (IPV4.matcher(t).matches()) {
            return Optional.of(t);
        }
        if (t.contains(":") && IPV6.matcher(t).matches()) {
            try {
                // a literal with a colon is parsed, never resolved
                return Optional.of(format(java.net.InetAddress.getByName(t).getAddress()));
            } catch (java.net.UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    static String format(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        boolean mapped = w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0xffff;
        if (mapped) {
            // an IPv6 socket bound to ::ffff:a.b.c.d takes IPv4 connections to a.b.c.d only: it is that address
            return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        int bestAt = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestAt = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestAt) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(w[i]));
        }
        return s.toString();
    }
}
