package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.yaml.Yaml;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A disk image as {@code qemu-img info --output=json} describes it.
 *
 * @param path          the image's path
 * @param format        {@code qcow2}, {@code raw}...
 * @param virtualSize   the size the guest sees, in bytes
 * @param actualSize    the space it takes on the host, in bytes
 * @param backingFile   the backing file as recorded in the image (relative to the image's directory when relative),
 *                      or {@code null}
 * @param backingFormat the backing file's recorded format, or {@code null}
 * @param clusterSize   the cluster size of a qcow2 image, or {@code null}
 * @param inUse         whether a running process (a VM) holds the image's write lock
 */
public record QemuImage(String path, String format, long virtualSize, long actualSize, String backingFile,
                        String backingFormat, Long clusterSize, boolean inUse) {

    private static final int MISSING = 3;

    /**
     * What {@code qemu-img info} says of {@code path} on {@code host}; empty when nothing is there. An image that
     * {@code qemu-img} cannot open (a missing backing file, a damaged header) is an error naming it.
     */
    public static Optional<QemuImage> read(Host host, String path) {
        String q = Shell.quote(path);
        // Without -U, qemu-img refuses an image that a running VM writes to: that refusal is how "in use" is learnt.
        ExecResult r = host.run("[ -e " + q + " ] || exit " + MISSING + "; "
                + "if qemu-img info " + q + " >/dev/null 2>&1; then echo free; else echo in-use; fi; "
                + "exec qemu-img info -U --output=json " + q);
        if (r.exitStatus() == MISSING) {
            return Optional.empty();
        }
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "qemu-img cannot read " + path + ": "
                    + r.stderr().strip().replace("\n", " "), host.name(),
                    r.exitStatus() == 127 ? "install qemu-utils (qemu-img)" : null);
        }
        String[] lines = r.stdout().split("\n", 2);
        return Optional.of(parse(path, lines.length > 1 ? lines[1] : "", "in-use".equals(lines[0].strip())));
    }

    /** The image that {@code qemu-img info --output=json} printed as {@code json}. */
    static QemuImage parse(String path, String json, boolean inUse) {
        JsonNode n;
        try {
            n = Yaml.binder().readTree(json);
        } catch (JsonProcessingException e) {
            throw new KvmforgeException(ErrorKind.TASK, "cannot understand qemu-img info for " + path + ": "
                    + e.getOriginalMessage(), null, null);
        }
        return new QemuImage(path, n.path("format").asText(), n.path("virtual-size").asLong(),
                n.path("actual-size").asLong(), text(n, "backing-filename"), text(n, "backing-filename-format"),
                n.has("cluster-size") ? n.get("cluster-size").asLong() : null, inUse);
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    /** The virtual size in words, for messages: {@code 20 GiB}. */
    public String size() {
        return ByteSize.human(virtualSize);
    }

    /** The values a task registers: path, format, virtual_size, actual_size, backing_file. */
    public Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("path", path);
        v.put("format", format);
        v.put("virtual_size", virtualSize);
        v.put("actual_size", actualSize);
        v.put("backing_file", backingFile);
        return v;
    }
}
