package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.Suggestions;
import dev.kvmforge.runner.yaml.Yaml;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Binds a task's arguments to a module's parameter record, strictly, with errors that name the key and a hint. */
public final class Parameters {

    private static final Map<Class<?>, Set<String>> KEYS = new ConcurrentHashMap<>();

    private Parameters() {
    }

    /** The keys a parameter record accepts, aliases included, sorted. */
    public static Set<String> validKeys(Class<?> type) {
        return KEYS.computeIfAbsent(type, t -> {
            DeserializationConfig cfg = Yaml.binder().getDeserializationConfig();
            BeanDescription d = cfg.introspect(cfg.constructType(t));
            Set<String> keys = new TreeSet<>();
            for (BeanPropertyDefinition p : d.findProperties()) {
                keys.add(p.getName());
                p.findAliases().forEach(a -> keys.add(a.getSimpleName()));
            }
            return keys;
        });
    }

    /** The first key of {@code args} that {@code type} does not take, or null. */
    public static String unknownKey(Class<?> type, Set<String> argKeys) {
        if (Map.class.isAssignableFrom(type)) {
            return null;
        }
        Set<String> valid = validKeys(type);
        return argKeys.stream().filter(k -> !valid.contains(k)).findFirst().orElse(null);
    }

    /**
     * Binds {@code args} to {@code module}'s parameter record. A wrong key, type or value is a
     * {@link KvmforgeException} naming the module and parameter, with the valid keys or the expected type as hint.
     */
    public static <P> P bind(Module<P> module, Map<String, Object> args) {
        String unknown = unknownKey(module.parameters(), args.keySet());
        if (unknown != null) {
            throw unknownParameter(module, unknown);
        }
        try {
            return Yaml.binder().convertValue(args, module.parameters());
        } catch (IllegalArgumentException e) {
            throw explain(module, e.getCause() instanceof JsonMappingException j ? j : null, e);
        }
    }

    /** The error for a key {@code module} does not take. */
    public static KvmforgeException unknownParameter(Module<?> module, String key) {
        return new KvmforgeException(ErrorKind.PARSE, "module '" + module.name() + "' has no parameter '" + key + "'",
                null, Suggestions.hint(key, validKeys(module.parameters()), "parameters"));
    }

    private static KvmforgeException explain(Module<?> module, JsonMappingException j, Exception e) {
        String param = j == null || j.getPath().isEmpty() ? null : j.getPath().get(0).getFieldName();
        String on = "module '" + module.name() + "'" + (param == null ? "" : ", parameter '" + param + "'");
        if (j instanceof ValueInstantiationException v && v.getCause() != null) {
            return new KvmforgeException(ErrorKind.TASK, on + ": " + v.getCause().getMessage(), null, null);
        }
        if (j instanceof UnrecognizedPropertyException u) {
            return unknownParameter(module, u.getPropertyName());
        }
        if (j instanceof InvalidFormatException f) {
            return new KvmforgeException(ErrorKind.TASK, on + ": '" + f.getValue() + "' is not "
                    + article(f.getTargetType()), null, null);
        }
        if (j instanceof MismatchedInputException m) {
            if (m.getCause() instanceof IllegalArgumentException iae) {
                return new KvmforgeException(ErrorKind.TASK, on + ": " + iae.getMessage(), null, null);
            }
            return new KvmforgeException(ErrorKind.TASK, on + ": expected " + article(m.getTargetType()), null, null);
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new KvmforgeException(ErrorKind.TASK, on + ": " + root.getMessage(), null, null);
    }

    private static String article(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean (true or false)";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a mapping";
        }
        if (type.isEnum()) {
            return "one of " + String.join(", ", java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT)).toList());
        }
        return "a valid " + type.getSimpleName();
    }
}
