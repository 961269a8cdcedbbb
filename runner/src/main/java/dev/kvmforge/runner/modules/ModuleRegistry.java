package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.error.Suggestions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The modules a playbook can name: the built-in ones, plus any found through {@link ServiceLoader}. Every module is
 * also known as {@code ansible.builtin.NAME} and {@code ansible.legacy.NAME}, as playbooks written for Ansible say.
 */
public final class ModuleRegistry {

    private static final List<String> PREFIXES = List.of("ansible.builtin.", "ansible.legacy.");

    private final Map<String, Module<?>> byName = new LinkedHashMap<>();

    private ModuleRegistry() {
    }

    /** The built-in modules and those on the class path. */
    public static ModuleRegistry standard() {
        ModuleRegistry r = new ModuleRegistry();
        for (Module<?> m : BuiltinModules.all()) {
            r.add(m);
        }
        for (Module<?> m : ServiceLoader.load(Module.class)) {
            r.add(m);
        }
        return r;
    }

    private void add(Module<?> m) {
        byName.put(m.name(), m);
        for (String alias : m.aliases()) {
            byName.put(alias, m);
        }
    }

    /** The module called {@code name}, with or without an {@code ansible.builtin.} prefix. */
    public Optional<Module<?>> find(String name) {
        Module<?> m = byName.get(name);
        return Optional.ofNullable(m != null ? m : byName.get(withoutPrefix(name)));
    }

    /** {@code name} without its {@code ansible.builtin.} or {@code ansible.legacy.} prefix, if it has one. */
    public static String withoutPrefix(String name) {
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix)) {
                return name.substring(prefix.length());
            }
        }
        return name;
    }

    /** Whether {@code key} names a module. */
    public boolean isModule(String key) {
        return find(key).isPresent();
    }

    /** The module called {@code name}, or a parse error at {@code at} with the nearest names. */
    public Module<?> require(String name, SourceLocation at) {
        return find(name).orElseThrow(() -> KvmforgeException.parse(at, "unknown module '" + name + "'",
                Suggestions.hint(name, names(), "modules")));
    }

    /** All names, sorted. */
    public Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }
}
