package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code qemu_img}: a disk image is there as asked, like the tutorial's {@code qemu-img create -f qcow2
 * ubuntu-server.qcow2 20G}: created (optionally over a backing file, or converted from another image), grown, or
 * removed. Everything is decided from {@code qemu-img info --output=json}.
 *
 * <p>Data is never lost silently: an existing image is never overwritten or shrunk. An image whose format, backing
 * file or cluster size differs is re-created only with {@code replace_existing_image: true}; {@code state: absent}
 * needs {@code remove_image: true}; an image a running VM holds is never replaced, grown or removed. A larger
 * {@code size} grows an image only with {@code resize: true} (otherwise the task is ok with a warning). New images are
 * written beside the path and moved into place, so a failure never leaves half an image; they are readable by their
 * owner only (mode 0600).
 */
public final class QemuImageModule implements Module<QemuImageModule.Params> {

    /** The image formats this module creates. */
    public enum ImageFormat {
        @JsonProperty("qcow2") QCOW2,
        @JsonProperty("raw") RAW;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How much of a new image's space is set aside at once. */
    public enum Preallocation {
        @JsonProperty("off") OFF,
        @JsonProperty("metadata") METADATA,
        @JsonProperty("falloc") FALLOC,
        @JsonProperty("full") FULL;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether the image should be there. */
    public enum State {
        @JsonProperty("present") PRESENT,
        @JsonProperty("absent") ABSENT
    }

    private static final long MIN_CLUSTER = 512;
    private static final long MAX_CLUSTER = 2L << 20;

    /**
     * @param path                 the image's absolute path on the host
     * @param format               qcow2 (default) or raw
     * @param size                 the virtual size: {@code 20G}, {@code 512M}, {@code 1T} or bytes, a multiple of 512;
     *                             required unless {@code backing_file} (default: its size) or {@code convert_from}
     * @param backingFile          a qcow2 image's backing file; relative paths are relative to the image's directory,
     *                             as {@code qemu-img} reads them; must exist
     * @param backingFormat        the backing file's format (default: what {@code qemu-img info} says it is)
     * @param preallocation        off, metadata (qcow2 only), falloc or full, for a new image and when growing
     * @param clusterSize          a qcow2 image's cluster size, a power of two from 512 to 2M
     * @param state                present (default) or absent
     * @param resize               grow an existing image that is smaller than {@code size} (never shrinks)
     * @param convertFrom          another image's absolute path: a missing {@code path} is made by converting it to
     *                             {@code format}
     * @param replaceExistingImage re-create an image whose format, backing file or cluster size differs (its data is
     *                             lost)
     * @param removeImage          required with {@code state: absent}: the image and its data are deleted
     */
    public record Params(String path, ImageFormat format, ByteSize size, String backingFile, ImageFormat backingFormat,
                         Preallocation preallocation, ByteSize clusterSize, State state, Boolean resize,
                         String convertFrom, Boolean replaceExistingImage, Boolean removeImage) {
        public Params {
            if (!path.startsWith("/") || path.endsWith("/")) {
                throw new IllegalArgumentException("'path' must be an absolute file path, not '" + path + "'");
            }
            format = format == null ? ImageFormat.QCOW2 : format;
            state = state == null ? State.PRESENT : state;
            if (state == State.ABSENT && !Boolean.TRUE.equals(removeImage)) {
                throw new IllegalArgumentException("state: absent deletes the image and its data: set 'remove_image:"
                        + " true' to allow it");
            }
            if (size != null && !size.multipleOf(512)) {
                throw new IllegalArgumentException("'size' must be a multiple of 512 bytes, not " + size.bytes());
            }
            if (convertFrom != null && !convertFrom.startsWith("/")) {
                throw new IllegalArgumentException("'convert_from' must be an absolute path, not '" + convertFrom
                        + "'");
            }
            if (backingFile != null && (backingFile.isEmpty() || format != ImageFormat.QCOW2)) {
                throw new IllegalArgumentException("'backing_file' needs format qcow2 and a path");
            }
            if (clusterSize != null && (format != ImageFormat.QCOW2 || Long.bitCount(clusterSize.bytes()) != 1
                    || clusterSize.bytes() < MIN_CLUSTER || clusterSize.bytes() > MAX_CLUSTER)) {
                throw new IllegalArgumentException("'cluster_size' must be a power of two from 512 to 2M, for qcow2"
                        + " images only");
            }
            if (preallocation == Preallocation.METADATA && format == ImageFormat.RAW) {
                throw new IllegalArgumentException("'preallocation: metadata' is for qcow2; raw images take off,"
                        + " falloc or full");
            }
        }

        boolean resizeAllowed() {
            return Boolean.TRUE.equals(resize);
        }

        boolean replaceAllowed() {
            return Boolean.TRUE.equals(replaceExistingImage);
        }
    }

    private static final String WARNINGS = "warnings";
    /** What {@link #apply} carries out; the plan's one change says it in words. */
    private enum Step { CREATE, CONVERT, REPLACE, GROW, REMOVE }

    /**
     * The plan's step as {@link #apply} carries it out, with what planning read that the command needs.
     *
     * @param sourceFormat  the format of {@code convert_from}, read by qemu-img info (null unless converting)
     * @param backingFormat the format of {@code backing_file}, read by qemu-img info (null without one)
     */
    private record ImageWork(Step step, String sourceFormat, String backingFormat) {
        ImageWork(Step step) {
            this(step, null, null);
        }
    }

    private static final ParameterRules RULES = ParameterRules.NONE
            .required("path", "the image's absolute path on the host")
            .onlyWith("remove_image", "state", "absent")
            .requiredIfDefault("state", "present", List.of("size", "backing_file", "convert_from"),
                    "the size to create an image, such as 20G")
            .mutuallyExclusive("convert_from", List.of("size", "backing_file"), "convert_from makes the image from"
                    + " another one (grow the result in a later task with size and resize: true)")
            .requiredBy(List.of("backing_format"), "backing_file", null);

    @Override
    public String name() {
        return "qemu_img";
    }

    @Override
    public ParameterRules rules() {
        return RULES;
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        Host host = context.host();
        Optional<QemuImage> existing = QemuImage.read(host, p.path());
        if (p.state() == State.ABSENT) {
            if (existing.isEmpty()) {
                return Plan.none(ModuleResult.valuesInOrder("path", p.path(), "state", "absent"));
            }
            QemuImage image = existing.get();
            refuseInUse(image, "removed");
            return planOf(new ImageWork(Step.REMOVE), "remove " + p.path() + " (" + image.format() + ", " + image.size() + ")",
                    image.values());
        }
        if (existing.isEmpty()) {
            String dir = parent(p.path());
            if (!context.expects(dir) && !context.expectsInstalls()) {
                requireDirectory(host, dir);
            }
            Plan created;
            if (context.expectsInstalls() && !host.run("command -v qemu-img >/dev/null").ok()) {
                // a dry run where an earlier task would install qemu-img: the image is planned from the parameters
                created = Plan.of(Change.of((p.convertFrom() != null ? "convert " + p.convertFrom() + " into "
                        : "create ") + p.path() + " (" + p.format() + (p.size() == null ? "" : ", " + p.size())
                        + (p.backingFile() == null ? "" : ", backed by " + p.backingFile())
                        + "; qemu-img, which an earlier task installs, will read the rest)"));
            } else {
                created = p.convertFrom() != null ? planConvert(host, p, Step.CONVERT, "")
                        : planCreate(host, p, Step.CREATE, "");
            }
            context.forecast().willCreate(p.path());
            return created;
        }
        QemuImage image = existing.get();
        List<String> differences = differences(p, image);
        if (!differences.isEmpty()) {
            String found = p.path() + " is a " + image.format() + " image of " + image.size()
                    + (image.backingFile() == null ? "" : " backed by " + image.backingFile());
            if (!p.replaceAllowed()) {
                throw new KvmforgeException(ErrorKind.TASK, found + ", but the task asks for "
                        + String.join(" and ", differences), null,
                        "set replace_existing_image: true to re-create it (its data is lost), or use another path");
            }
            refuseInUse(image, "replaced");
            String replacing = "replace " + p.path() + " (" + image.format() + ", " + image.size() + "): ";
            return p.convertFrom() != null ? planConvert(host, p, Step.REPLACE, replacing)
                    : planCreate(host, p, Step.REPLACE, replacing);
        }
        return planSize(p, image);
    }

    /** For an image that is as asked but for its size: grow, warn, or refuse to shrink. */
    private static Plan planSize(Params p, QemuImage image) {
        if (p.size() == null || p.size().bytes() == image.virtualSize()) {
            return Plan.none(image.values());
        }
        if (p.size().bytes() < image.virtualSize()) {
            throw new KvmforgeException(ErrorKind.TASK, "shrinking is not supported: " + p.path() + " is "
                    + image.size() + ", 'size' asks for " + p.size(), null,
                    "a smaller image loses the data at its end; give the image's size, or make a new image");
        }
        if (!p.resizeAllowed()) {
            Map<String, Object> values = new LinkedHashMap<>(image.values());
            values.put(WARNINGS, List.of(p.path() + " is " + image.size() + ", smaller than 'size' " + p.size()
                    + ": left as it is; set resize: true to grow it"));
            return Plan.none(values);
        }
        refuseInUse(image, "grown");
        Map<String, Object> values = new LinkedHashMap<>(image.values());
        values.put("virtual_size", p.size().bytes());
        return planOf(new ImageWork(Step.GROW), "grow " + p.path() + " from " + image.size() + " to " + p.size(), values);
    }

    private static Plan planCreate(Host host, Params p, Step step, String prefix) {
        StringBuilder line = new StringBuilder(prefix).append("create ").append(p.path()).append(" (")
                .append(p.format());
        ByteSize size = p.size();
        Map<String, Object> values = new LinkedHashMap<>();
        String backingFormat = null;
        if (p.backingFile() != null) {
            String backingPath = backingPath(p.path(), p.backingFile());
            QemuImage backing = QemuImage.read(host, backingPath).orElseThrow(() -> new KvmforgeException(
                    ErrorKind.TASK, "'backing_file' " + backingPath + " does not exist", null,
                    "create the base image first; a relative backing_file is relative to the image's directory"));
            if (p.backingFormat() != null && !p.backingFormat().toString().equals(backing.format())) {
                throw new KvmforgeException(ErrorKind.TASK, "'backing_format' says " + p.backingFormat() + ", but "
                        + backingPath + " is a " + backing.format() + " image", null, null);
            }
            size = size == null ? new ByteSize(backing.virtualSize()) : size;
            backingFormat = backing.format();
        }
        line.append(", ").append(size);
        if (p.backingFile() != null) {
            line.append(", backed by ").append(p.backingFile()).append(" (").append(backingFormat)
                    .append(')');
        }
        appendOptions(line, p);
        values.put("virtual_size", size.bytes());
        return planOf(new ImageWork(step, null, backingFormat), line.append(')').toString(), imageValues(p, values));
    }

    private static Plan planConvert(Host host, Params p, Step step, String prefix) {
        QemuImage source = QemuImage.read(host, p.convertFrom()).orElseThrow(() -> new KvmforgeException(
                ErrorKind.TASK, "'convert_from' " + p.convertFrom() + " does not exist", null, null));
        StringBuilder line = new StringBuilder(prefix).append("convert ").append(p.convertFrom()).append(" (")
                .append(source.format()).append(", ").append(source.size()).append(") into ").append(p.path())
                .append(" (").append(p.format());
        appendOptions(line, p);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("virtual_size", source.virtualSize());
        return planOf(new ImageWork(step, source.format(), null), line.append(')').toString(),
                imageValues(p, values));
    }

    private static void appendOptions(StringBuilder line, Params p) {
        if (p.preallocation() != null) {
            line.append(", preallocation ").append(p.preallocation());
        }
        if (p.clusterSize() != null) {
            line.append(", cluster size ").append(p.clusterSize());
        }
    }

    /** The values of an image about to be made: what is known before it exists. */
    private static Map<String, Object> imageValues(Params p, Map<String, Object> known) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("path", p.path());
        v.put("format", p.format().toString());
        v.put("virtual_size", known.get("virtual_size"));
        v.put("actual_size", null);
        v.put("backing_file", p.backingFile());
        known.forEach(v::putIfAbsent);
        return v;
    }

    /** How an existing image differs from what the task asks, in words; empty when only its size may differ. */
    private static List<String> differences(Params p, QemuImage image) {
        List<String> out = new ArrayList<>();
        if (!p.format().toString().equals(image.format())) {
            out.add("format " + p.format());
        }
        if (!Objects.equals(backingPath(p.path(), p.backingFile()), backingPath(p.path(), image.backingFile()))) {
            out.add(p.backingFile() == null ? "no backing file" : "backing_file " + p.backingFile());
        }
        if (p.clusterSize() != null && !Long.valueOf(p.clusterSize().bytes()).equals(image.clusterSize())) {
            out.add("cluster_size " + p.clusterSize());
        }
        return out;
    }

    private static void refuseInUse(QemuImage image, String what) {
        if (image.inUse()) {
            throw new KvmforgeException(ErrorKind.TASK, image.path() + " is in use by a running VM and cannot be "
                    + what, null, "stop the VM first (qemu_vm with state: stopped)");
        }
    }

    private static void requireDirectory(Host host, String dir) {
        if (!host.run("[ -d " + Shell.quote(dir) + " ]").ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "'path': the directory " + dir + " does not exist", null,
                    "create it first (file module with state: directory)");
        }
    }

    /** Where a backing file is: relative names are relative to the image's directory, as qemu reads them. */
    private static String backingPath(String imagePath, String backingFile) {
        if (backingFile == null) {
            return null;
        }
        return java.nio.file.Path.of(parent(imagePath)).resolve(backingFile).normalize().toString();
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    private static Plan planOf(ImageWork work, String summary, Map<String, Object> values) {
        return new Plan(List.of(Change.of(summary)), values).withIntent(work);
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        Host host = context.host();
        ImageWork work = plan.intent(ImageWork.class).orElseThrow(() -> new IllegalStateException(
                "a plan without its step"));
        Step step = work.step();
        String q = Shell.quote(p.path());
        switch (step) {
            case REMOVE -> run(host, "rm -f -- " + q, "remove " + p.path());
            case GROW -> {
                List<String> argv = new ArrayList<>(List.of("qemu-img", "resize", "-q", "-f", p.format().toString()));
                if (p.preallocation() != null) {
                    argv.add("--preallocation=" + p.preallocation());
                }
                argv.addAll(List.of(p.path(), p.size().argument()));
                run(host, Shell.command(argv), "grow " + p.path());
            }
            case CREATE, CONVERT, REPLACE -> {
                List<String> make = p.convertFrom() != null ? convertCommand(p, work) : createCommand(p, work);
                // Made beside the path, then linked into place (no clobbering when new) or moved over (replace).
                String place = step == Step.REPLACE ? "mv -f -- \"$t\" " + q
                        : "if ln -- \"$t\" " + q + " 2>/dev/null; then rm -f -- \"$t\"; else mv -n -- \"$t\" " + q
                        + "; [ ! -e \"$t\" ] || { echo " + Shell.quote(p.path() + " appeared meanwhile: left as it is")
                        + " >&2; exit 1; }; fi";
                run(host, "set -e; t=$(mktemp " + Shell.quote(p.path() + ".kvmforge.XXXXXX") + "); "
                        + "trap 'rm -f \"$t\"' EXIT; " + Shell.command(make) + " \"$t\"" + sizeArgument(p)
                        + "; " + place + "; trap - EXIT", plan.changes().get(0).summary());
            }
            default -> throw new IllegalStateException(step.name());
        }
        Map<String, Object> values = step == Step.REMOVE
                ? ModuleResult.valuesInOrder("path", p.path(), "state", "absent")
                : QemuImage.read(host, p.path()).map(QemuImage::values).orElseThrow(() -> new KvmforgeException(
                        ErrorKind.TASK, p.path() + " is missing after: " + plan.changes().get(0).summary(),
                        host.name(), null));
        return ModuleResult.changed(values);
    }

    /** {@code qemu-img create} up to (not including) the file name. */
    private static List<String> createCommand(Params p, ImageWork work) {
        List<String> argv = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", p.format().toString()));
        if (p.backingFile() != null) {
            argv.addAll(List.of("-b", p.backingFile(), "-F", work.backingFormat()));
        }
        options(p).ifPresent(o -> argv.addAll(List.of("-o", o)));
        return argv;
    }

    /** {@code qemu-img convert} up to (not including) the output file name. */
    private static List<String> convertCommand(Params p, ImageWork work) {
        List<String> argv = new ArrayList<>(List.of("qemu-img", "convert", "-q", "-f", work.sourceFormat(), "-O",
                p.format().toString()));
        options(p).ifPresent(o -> argv.addAll(List.of("-o", o)));
        argv.add(p.convertFrom());
        return argv;
    }

    private static String sizeArgument(Params p) {
        return p.size() == null ? "" : " " + p.size().argument();
    }

    private static Optional<String> options(Params p) {
        List<String> o = new ArrayList<>();
        if (p.preallocation() != null) {
            o.add("preallocation=" + p.preallocation());
        }
        if (p.clusterSize() != null) {
            o.add("cluster_size=" + p.clusterSize().argument());
        }
        return o.isEmpty() ? Optional.empty() : Optional.of(String.join(",", o));
    }

    private static void run(Host host, String command, String what) {
        ExecResult r = host.run(command);
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "could not " + what + ": " + r.stderr().strip(), host.name(),
                    r.exitStatus() == 127 ? "install qemu-utils (qemu-img)" : null);
        }
    }

    @Override
    public ModuleResult planned(ModuleContext context, Params p, Plan plan) {
        Map<String, Object> values = new LinkedHashMap<>(plan.values());
        Object warnings = values.get(WARNINGS);
        String msg = warnings instanceof List<?> l && !l.isEmpty() ? "warning: " + l.get(0) : null;
        return new ModuleResult(!plan.isEmpty(), false, msg, values, List.of());
    }
}
