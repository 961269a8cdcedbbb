package dev.kvmforge.checks.probe;

import java.util.ArrayList;
import java.util.List;

/**
 * libvirt's default storage pool directory, {@code /var/lib/libvirt/images} under the snapshot's root, and the files
 * in it (three levels deep, not crossing file systems).
 *
 * @param path         where it is on the host
 * @param exists       the directory is there
 * @param directory    its own permissions, null when it does not exist
 * @param files        the regular files found in it
 * @param listingError what {@code find} said when it could not list everything (empty when it could)
 */
public record ImageDirectory(String path, boolean exists, ImageFile directory, List<ImageFile> files,
                             String listingError) {

    public static final String PATH = "/var/lib/libvirt/images";

    public ImageDirectory {
        files = List.copyOf(files);
        listingError = listingError == null ? "" : listingError;
    }

    static final String SCRIPT = String.join("\n",
            "d=\"$R\"" + PATH,
            "if [ ! -d \"$d\" ]; then exit 3; fi",
            "stat -c 'dir|%a|%U|%G|%n' \"$d\"",
            "find \"$d\" -xdev -mindepth 1 -maxdepth 3 -type f -exec stat -c 'file|%a|%U|%G|%n' {} +");

    static ImageDirectory read(ProbeOutput out) {
        String onHost = out.onHost(PATH);
        if (out.exitStatus() == 3) {
            return new ImageDirectory(onHost, false, null, List.of(), "");
        }
        ImageFile dir = null;
        List<ImageFile> files = new ArrayList<>();
        for (String line : out.stdout().split("\n")) {
            String[] f = line.split("\\|", 5);
            if (f.length == 5) {
                ImageFile file = new ImageFile(f[4], Integer.parseInt(f[1], 8), f[2], f[3]);
                if (f[0].equals("dir")) {
                    dir = file;
                } else {
                    files.add(file);
                }
            }
        }
        if (dir == null) {
            throw new IllegalStateException("cannot stat " + onHost + ": " + out.stderr().strip());
        }
        return new ImageDirectory(onHost, true, dir, files, out.exitStatus() == 0 ? "" : out.stderr().strip());
    }
}
