package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.yaml.AnsibleBoolean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The rules across a module's parameters, declared as data as Ansible's {@code argument_spec} declares them
 * ({@code required}, {@code required_one_of}, {@code mutually_exclusive}, {@code required_by}, {@code required_if}, and
 * {@code only_with}: a parameter that means something only with another's value). {@link Parameters#bind} checks them, before the parameter record is
 * built, with one wording; a rule may carry a hint of its own. A parameter counts as given when the task writes it
 * (or one of its aliases) with a value.
 *
 * <pre>{@code
 * static final ParameterRules RULES = ParameterRules.NONE
 *         .required("path", "the file on the host")
 *         .requiredOneOf("name", "xml")
 *         .mutuallyExclusive("xml", "memory_mb", "a whole definition, or the parameters that make one")
 *         .onlyWith("remove_storage", "state", "undefined");
 * }</pre>
 */
public record ParameterRules(List<Rule> rules) {

    /** No rule. */
    public static final ParameterRules NONE = new ParameterRules(List.of());

    public ParameterRules {
        rules = List.copyOf(rules);
    }

    /** One rule: the parameters it is about, and what it says of the arguments when broken (null when it holds). */
    public sealed interface Rule {
        String broken(Given given);

        /** The parameter an error points at (its file:line:column), or null for the arguments as a whole. */
        default String at() {
            return null;
        }
    }

    /** {@code key}, with a value that is not blank; {@code what} says what it is. */
    public record Required(String key, String what) implements Rule {
        @Override
        public String broken(Given given) {
            String text = given.text(key);
            return text != null && !text.isBlank() ? null : "'" + key + "' is required" + (what == null ? "" : ": " + what);
        }
    }

    /** At least one of {@code keys}. */
    public record RequiredOneOf(List<String> keys, String why) implements Rule {
        @Override
        public String broken(Given given) {
            return keys.stream().anyMatch(given::has) ? null
                    : "one of " + quoted(keys) + " is required" + (why == null ? "" : ": " + why);
        }
    }

    /** {@code key} and {@code other} not both; {@code why} says what each is. */
    public record MutuallyExclusive(String key, String other, String why) implements Rule {
        @Override
        public String at() {
            return other;
        }

        @Override
        public String broken(Given given) {
            return given.has(key) && given.has(other) ? "'" + key + "' and '" + other + "' cannot be given together"
                    + (why == null ? "" : ": " + why) : null;
        }
    }

    /** When {@code key} is given, {@code needed} must be too. */
    public record RequiredBy(String key, String needed, String why) implements Rule {
        @Override
        public String at() {
            return key;
        }

        @Override
        public String broken(Given given) {
            return given.set(key) && !given.has(needed) ? "'" + key + "' needs '" + needed + "' too"
                    + (why == null ? "" : ": " + why) : null;
        }
    }

    /**
     * When {@code key} is {@code value} (compared as Ansible compares choices, ignoring case; or when {@code key} is
     * not given and {@code value} is its default), one of {@code needed} must be given.
     */
    public record RequiredIf(String key, String value, boolean isDefault, List<String> needed, String why)
            implements Rule {
        public RequiredIf {
            needed = List.copyOf(needed);
        }

        @Override
        public String broken(Given given) {
            String text = given.text(key);
            boolean applies = text == null ? isDefault : text.strip().equalsIgnoreCase(value);
            if (!applies || needed.stream().map(given::text).anyMatch(t -> t != null && !t.isBlank())) {
                return null;
            }
            return (needed.size() == 1 ? "'" + needed.get(0) + "' is" : "one of " + quoted(needed) + " is")
                    + " required with " + key + ": " + value + (why == null ? "" : ": " + why);
        }
    }

    /** {@code key} set (given, and not false) only together with {@code other} set to {@code value}. */
    public record OnlyWith(String key, String other, String value) implements Rule {
        @Override
        public String at() {
            return key;
        }

        @Override
        public String broken(Given given) {
            return given.set(key) && !value.equals(given.text(other)) ? "'" + key + "' goes with " + other + ": " + value
                    + " only" : null;
        }
    }

    /** The arguments as the rules see them: which parameters are given, and as what text. */
    public interface Given {
        boolean has(String parameter);

        /** The parameter's value as text, or null when it is not given. */
        String text(String parameter);

        /** Whether the parameter is given and not false: a flag turned on, or any other value. */
        default boolean set(String parameter) {
            return has(parameter) && !Boolean.FALSE.equals(AnsibleBoolean.of(text(parameter)));
        }
    }

    /** {@code key} must be given; {@code what} (or null) says what it is, as the error's end. */
    public ParameterRules required(String key, String what) {
        return with(new Required(key, what));
    }

    /** One of {@code needed} is required when {@code key} is {@code value}; {@code why} may be null. */
    public ParameterRules requiredIf(String key, String value, List<String> needed, String why) {
        return with(new RequiredIf(key, value, false, needed, why));
    }

    /** As {@link #requiredIf}, for the value {@code key} has when it is not given (its default). */
    public ParameterRules requiredIfDefault(String key, String value, List<String> needed, String why) {
        return with(new RequiredIf(key, value, true, needed, why));
    }

    public ParameterRules requiredOneOf(String... keys) {
        return with(new RequiredOneOf(List.of(keys), null));
    }

    /** At least one of {@code keys}; {@code why} says what each is. */
    public ParameterRules requiredOneOf(List<String> keys, String why) {
        return with(new RequiredOneOf(keys, why));
    }

    public ParameterRules mutuallyExclusive(String key, String other, String why) {
        return with(new MutuallyExclusive(key, other, why));
    }

    /** {@code key} exclusive with each of {@code others}, for the same reason. */
    public ParameterRules mutuallyExclusive(String key, List<String> others, String why) {
        ParameterRules r = this;
        for (String other : others) {
            r = r.mutuallyExclusive(key, other, why);
        }
        return r;
    }

    /** Each of {@code keys} needs {@code needed}, for the same reason. */
    public ParameterRules requiredBy(List<String> keys, String needed, String why) {
        ParameterRules r = this;
        for (String key : keys) {
            r = r.with(new RequiredBy(key, needed, why));
        }
        return r;
    }

    public ParameterRules onlyWith(String key, String other, String value) {
        return with(new OnlyWith(key, other, value));
    }

    private ParameterRules with(Rule rule) {
        List<Rule> all = new ArrayList<>(rules);
        all.add(rule);
        return new ParameterRules(all);
    }

    /** The error for the first rule {@code args} break, or null when they keep them all. */
    BadParameter check(Module<?> module, Map<String, Object> args) {
        Given given = new Given() {
            @Override
            public boolean has(String parameter) {
                return text(parameter) != null;
            }

            @Override
            public String text(String parameter) {
                return Parameters.spellings(module.parameters(), parameter).stream().map(args::get)
                        .filter(Objects::nonNull).findFirst().map(String::valueOf).orElse(null);
            }
        };
        for (Rule rule : rules) {
            String broken = rule.broken(given);
            if (broken != null) {
                String at = rule.at();
                String written = at == null ? null : Parameters.spellings(module.parameters(), at).stream()
                        .filter(args::containsKey).findFirst().orElse(at);
                return new BadParameter(ErrorKind.TASK, "module '" + module.name() + "': " + broken, null,
                        written == null ? List.of() : List.of(written));
            }
        }
        return null;
    }

    private static String quoted(List<String> keys) {
        return keys.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", "));
    }
}
