package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A file on the controller that a task names ({@code copy}'s and {@code template}'s {@code src}). */
final class ControllerFile {

    private ControllerFile() {
    }

    /**
     * The bytes of {@code name}: absolute, or under the playbook's {@code sub} folder, or its directory. A missing file
     * is an error naming the module, the parameter and the places looked at.
     */
    static byte[] read(ModuleContext context, String module, String parameter, String name, String sub) {
        Path file = context.localFile(name, sub);
        if (Files.isDirectory(file)) {
            throw new BadParameter(ErrorKind.TASK, module + ": " + parameter + " '" + name + "' is a directory ("
                    + file + "): copying a directory from the controller is not supported yet",
                    "copy its files one by one (loop over them), or archive it", List.of(parameter));
        }
        if (!Files.isRegularFile(file)) {
            String where = Path.of(name).isAbsolute() ? file.toString()
                    : (context.roleDir() == null ? "" : context.roleDir().resolve(sub).resolve(name) + ", "
                    + context.roleDir().resolve(name) + ", ") + base(context).resolve(sub).resolve(name) + " or "
                    + base(context).resolve(name);
            throw new KvmforgeException(ErrorKind.TASK, module + ": " + parameter + " '" + name
                    + "' not found: no file at " + where, null,
                    "put it in the playbook's " + sub + "/ directory or give an absolute path");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KvmforgeException(ErrorKind.TASK, module + ": cannot read " + parameter + " '" + name + "' at "
                    + file + ": " + e.getMessage(), null, null);
        }
    }

    private static Path base(ModuleContext context) {
        return (context.playbookDir() == null ? Path.of(".") : context.playbookDir()).toAbsolutePath().normalize();
    }
}
