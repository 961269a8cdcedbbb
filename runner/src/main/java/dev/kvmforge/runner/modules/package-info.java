/**
 * Modules: typed parameters (a record bound in strict mode), {@code plan} that only reads the host, and {@code apply}
 * that carries the plan out. Check mode runs {@code plan} alone, so a dry run is exact by construction.
 * {@code Parameters} binds a task's arguments (a {@code BadParameter} names the argument that does not fit);
 * {@code Words} reads Ansible's short form {@code key=value} and splits command lines. The rules across a module's
 * parameters ({@code required}, {@code required_one_of}, {@code mutually_exclusive}, {@code required_by},
 * {@code required_if}) are data ({@code ParameterRules}); a record's constructor checks one value at a time.
 *
 * <p>To add a module: a class implementing {@code Module} (or {@code ReadOnlyModule}, for one that only reads) with a
 * {@code Params} record, its {@code rules()}, a {@code plan} whose changes carry typed steps, and an {@code apply} that
 * carries out exactly those; list it in {@code BuiltinModules}; test it through {@code ModuleInvocation} (the tests'
 * {@code TaskRun}), against the real tool.
 *
 * <p>Generic modules: {@code command}, {@code shell}, {@code debug}, {@code set_fact}, {@code assert}, {@code fail},
 * {@code copy}, {@code template}, {@code file}, {@code lineinfile}, {@code stat}, {@code user}. The file modules share
 * {@code ManagedFile} (a whole file's content, compared by SHA-256 on the host, with backup and {@code --diff}),
 * {@code FileContent} and {@code FileAttributes} (mode, owner, group).
 *
 * <p>The tutorial's QEMU steps: {@code qemu_img} (disk images, decided from {@code qemu-img info} as a
 * {@code QemuImage}; sizes as {@code ByteSize}) and {@code qemu_vm} (a directly launched, daemonized VM whose files live
 * in a {@code QemuRunDir}, controlled through QMP by {@code QemuMonitor}).
 *
 * <p>{@code service} runs services through the host's init, or directly on a host with none ({@code ServiceControl}:
 * {@code RunControl}, {@code BootControl}, {@code DirectDaemons}). {@code libvirt_domain} and {@code libvirt_network}
 * go through the {@code libvirt} port; {@code DomainDefinition} and {@code NetworkDefinition} turn their parameters
 * into the XML that is merged into what libvirt stores.
 *
 * <p>Imports {@code host}, {@code connection}, {@code libvirt}, {@code template}, {@code yaml} and {@code error}; never
 * {@code execute}, {@code report} or a door.
 */
package dev.kvmforge.runner.modules;
