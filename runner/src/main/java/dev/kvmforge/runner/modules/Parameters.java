package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.Suggestions;
import dev.kvmforge.runner.yaml.Yaml;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Binds a task's arguments to a module's parameter record, strictly, with errors that name the key and a hint. */
public final class Parameters {

    private static final Map<Class<?>, Set<String>> KEYS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Set<String>> FREE_FORM_OPTIONS = new ConcurrentHashMap<>();

    private Parameters() {
    }

    /** The keys a parameter record accepts, aliases included, sorted. */
    public static Set<String> validKeys(Class<?> type) {
        return KEYS.computeIfAbsent(type, t -> {
            Set<String> keys = new TreeSet<>();
            properties(t).forEach(p -> keys.addAll(spellings(p)));
            return keys;
        });
    }

    /** The ways to write parameter {@code name} of {@code type}: the name itself, then its aliases. */
    public static List<String> spellings(Class<?> type, String name) {
        return properties(type).stream().filter(p -> p.getName().equals(name)).findFirst()
                .map(Parameters::spellings).orElse(List.of(name));
    }

    /**
     * The parameters that the free-form text of {@code module} may carry as {@code key=value}
     * ({@code command: ls chdir=/tmp}): those of Ansible's free-form options ({@code creates}, {@code removes},
     * {@code chdir}, {@code stdin}...) that the module has, with their aliases. Empty for a module without free-form
     * text.
     */
    public static Set<String> freeFormOptions(Module<?> module) {
        return FREE_FORM_OPTIONS.computeIfAbsent(module.getClass(), c -> {
            String freeForm = module.freeFormParameter();
            Set<String> keys = new TreeSet<>();
            if (freeForm != null) {
                properties(module.parameters()).stream()
                        .filter(p -> !p.getName().equals(freeForm) && FREE_FORM_KEYS.contains(p.getName()))
                        .forEach(p -> keys.addAll(spellings(p)));
            }
            return Collections.unmodifiableSet(keys);
        });
    }

    /**
     * The only keys Ansible takes out of free-form text (its {@code RAW_PARAM_MODULES} options): {@code echo argv=x}
     * stays an argument to echo, as in ansible-playbook, rather than replacing the command.
     */
    private static final Set<String> FREE_FORM_KEYS = Set.of("creates", "removes", "chdir", "executable", "warn",
            "stdin", "stdin_add_newline", "strip_empty_ends");

    private static List<BeanPropertyDefinition> properties(Class<?> type) {
        if (Map.class.isAssignableFrom(type)) {
            return List.of();
        }
        DeserializationConfig cfg = Yaml.binder().getDeserializationConfig();
        BeanDescription d = cfg.introspect(cfg.constructType(type));
        return d.findProperties();
    }

    private static List<String> spellings(BeanPropertyDefinition p) {
        List<String> out = new ArrayList<>();
        out.add(p.getName());
        p.findAliases().forEach(a -> out.add(a.getSimpleName()));
        return out;
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
     * Binds {@code args} to {@code module}'s parameter record. A wrong key, a broken {@linkplain Module#rules rule},
     * a wrong type or value is a {@link BadParameter} naming the module and parameter, with the valid keys, the
     * choices or the expected type as hint.
     */
    public static <P> P bind(Module<P> module, Map<String, Object> args) {
        String unknown = unknownKey(module.parameters(), args.keySet());
        if (unknown != null) {
            throw unknownParameter(module, unknown);
        }
        BadParameter broken = module.rules().check(module, args);
        if (broken != null) {
            throw broken;
        }
        try {
            return Yaml.binder().convertValue(args, module.parameters());
        } catch (IllegalArgumentException e) {
            throw explain(module, args, e.getCause() instanceof JsonMappingException j ? j : null, e);
        }
    }

    /** The error for a key {@code module} does not take. */
    public static BadParameter unknownParameter(Module<?> module, String key) {
        return new BadParameter(ErrorKind.PARSE, "module '" + module.name() + "' has no parameter '" + key + "'",
                Suggestions.hint(key, validKeys(module.parameters()), "parameters"), List.of(key));
    }

    private static BadParameter explain(Module<?> module, Map<String, Object> args, JsonMappingException j,
                                        Exception e) {
        List<Object> path = new ArrayList<>();
        if (j != null) {
            for (JsonMappingException.Reference r : j.getPath()) {
                path.add(r.getFieldName() != null ? r.getFieldName() : (Object) r.getIndex());
            }
        }
        if (!path.isEmpty() && !(path.get(0) instanceof String)) {
            path.clear();
        }
        String on = "module '" + module.name() + "'" + (path.isEmpty() ? "" : ", parameter '" + path.get(0) + "'");
        if (j instanceof UnrecognizedPropertyException u) {
            return unknownParameter(module, u.getPropertyName());
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (j instanceof InvalidFormatException f && !(root instanceof IllegalArgumentException)) {
            return new BadParameter(ErrorKind.TASK, on + ": '" + f.getValue() + "' is not " + article(f.getTargetType()),
                    takes(f.getTargetType()), path);
        }
        if (j instanceof MismatchedInputException m && !(root instanceof IllegalArgumentException)) {
            Object value = valueAt(module.parameters(), args, path);
            return new BadParameter(ErrorKind.TASK, on + ": " + describe(value) + " is not " + article(m.getTargetType()),
                    takes(m.getTargetType()), path);
        }
        String message = root.getMessage() != null ? root.getMessage() : root.toString();
        int choices = message.indexOf(" is not one of ");
        if (choices > 0) {
            return new BadParameter(ErrorKind.TASK, on + ": " + message.substring(0, choices) + " is not a valid choice",
                    "choose one of " + message.substring(choices + " is not one of ".length()), path);
        }
        return new BadParameter(ErrorKind.TASK, on + ": " + message, null, path);
    }

    /** The part of {@code args} that {@code path} leads to (its first key written as itself or an alias), or null. */
    private static Object valueAt(Class<?> type, Map<String, Object> args, List<Object> path) {
        if (path.isEmpty()) {
            return null;
        }
        Object v = spellings(type, (String) path.get(0)).stream().filter(args::containsKey).findFirst()
                .map(args::get).orElse(null);
        for (Object step : path.subList(1, path.size())) {
            if (v instanceof Map<?, ?> m && step instanceof String key) {
                v = m.get(key);
            } else if (v instanceof List<?> l && step instanceof Integer i && i >= 0 && i < l.size()) {
                v = l.get(i);
            } else {
                return null;
            }
        }
        return v;
    }

    private static String describe(Object value) {
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        return value == null ? "the value" : String.valueOf(value);
    }

    /** The hint for a value of the wrong type: what to write instead. */
    private static String takes(Class<?> type) {
        if (type == boolean.class || type == Boolean.class) {
            return "write true or false";
        }
        if (type != null && type.isEnum()) {
            return "choose " + article(type);
        }
        return "write " + article(type);
    }

    private static String article(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
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
