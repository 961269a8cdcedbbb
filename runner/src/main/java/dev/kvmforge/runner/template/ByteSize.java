package dev.kvmforge.runner.template;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size as people write it, {@code 20G}, {@code 1.5 MB}, {@code 512K}, {@code 10GiB}, read in bytes with powers of
 * 1024, as Ansible's {@code human_to_bytes} reads it. A bare number is in {@code defaultUnit} (bytes if none).
 */
final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("^\\s*(\\d*\\.?\\d*)\\s*([A-Za-z]+)?\\s*$");
    private static final String UNITS = "BKMGTPEZY";

    private ByteSize() {
    }

    /** The number of bytes (or bits, with {@code isBits}) that {@code text} means. */
    static long parse(String text, String defaultUnit, boolean isBits) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches() || m.group(1).isEmpty() || m.group(1).equals(".")) {
            throw new TemplateException("human_to_bytes: '" + text + "' is not a size such as '20G' or '512 MB'", null);
        }
        String unit = m.group(2) != null ? m.group(2) : defaultUnit;
        int power = 0;
        if (unit != null) {
            String suffix = isBits ? "b" : "B";
            int at = UNITS.indexOf(Character.toUpperCase(unit.charAt(0)));
            String rest = unit.substring(1);
            boolean valid = at > 0 ? rest.isEmpty() || rest.equals(suffix) || rest.equals("i" + suffix)
                    : unit.equals(suffix);
            if (!valid) {
                throw new TemplateException("human_to_bytes: '" + text + "' has an unknown unit '" + unit + "'"
                        + " (expected K, M, G, T, P, E, optionally followed by " + suffix + ")", null);
            }
            power = at;
        }
        BigDecimal n = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
        return n.multiply(BigDecimal.valueOf(1024).pow(power)).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }
}
