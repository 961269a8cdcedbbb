package dev.kvmforge.runner.libvirt;

import java.util.Locale;

/** libvirt's size units ({@code <capacity unit='GiB'>10</capacity>}), as its XML documents them. */
final class ByteUnits {

    private ByteUnits() {
    }

    /** {@code value} in {@code unit} as bytes; no unit means bytes. */
    static long bytes(String value, String unit) {
        long n = Long.parseLong(value.strip());
        return n * multiplier(unit);
    }

    private static long multiplier(String unit) {
        String u = unit == null ? "" : unit.strip();
        return switch (u.toLowerCase(Locale.ROOT)) {
            case "", "b", "bytes" -> 1L;
            case "kb" -> 1000L;
            case "k", "kib" -> 1L << 10;
            case "mb" -> 1000L * 1000;
            case "m", "mib" -> 1L << 20;
            case "gb" -> 1000L * 1000 * 1000;
            case "g", "gib" -> 1L << 30;
            case "tb" -> 1000L * 1000 * 1000 * 1000;
            case "t", "tib" -> 1L << 40;
            case "pb" -> 1000L * 1000 * 1000 * 1000 * 1000;
            case "p", "pib" -> 1L << 50;
            case "eb" -> 1000L * 1000 * 1000 * 1000 * 1000 * 1000;
            case "e", "eib" -> 1L << 60;
            default -> throw new IllegalArgumentException("'" + unit + "' is not a libvirt size unit");
        };
    }
}
