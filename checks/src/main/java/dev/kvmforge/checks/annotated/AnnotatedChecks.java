package dev.kvmforge.checks.annotated;

import dev.kvmforge.checks.model.Check;
import dev.kvmforge.checks.model.CheckGroup;
import dev.kvmforge.checks.model.Verdict;
import dev.kvmforge.checks.probe.HostSnapshot;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.opentest4j.TestAbortedException;

/** Turns the {@link HostCheck} methods of a class into {@link Check}s. */
public final class AnnotatedChecks {

    private AnnotatedChecks() {
    }

    /** Whether {@code type} declares any {@link HostCheck} method (its superclasses included). */
    public static boolean declaresChecks(Class<?> type) {
        return !methods(type).isEmpty();
    }

    /**
     * The checks of {@code type}'s {@link HostCheck} methods, in the order of their ids.
     *
     * @throws KvmforgeException a {@code PARSE} error naming the method when one cannot be a check (wrong
     *                           parameters or return type, a bad id, no usable constructor)
     */
    public static List<Check> of(Class<?> type) {
        CheckGroup group = group(type);
        List<Check> checks = new ArrayList<>();
        for (Method m : methods(type)) {
            HostCheck a = m.getAnnotation(HostCheck.class);
            validate(type, m);
            try {
                Check.Builder b = Check.define(a.id(), a.title()).group(group).severity(a.severity())
                        .rationale(a.rationale()).hint(a.hint()).tags(a.tags());
                Arrays.stream(a.references()).forEach(b::reference);
                checks.add(b.evaluates(snapshot -> invoke(type, m, snapshot)));
            } catch (IllegalArgumentException e) {
                throw problem(m, e.getMessage());
            }
        }
        return checks;
    }

    private static List<Method> methods(Class<?> type) {
        List<Method> found = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(HostCheck.class) && !m.isSynthetic()) {
                    found.add(m);
                }
            }
        }
        found.sort(Comparator.comparing(m -> m.getAnnotation(HostCheck.class).id()));
        return found;
    }

    private static CheckGroup group(Class<?> type) {
        HostCheckGroup g = type.getAnnotation(HostCheckGroup.class);
        try {
            if (g != null) {
                return new CheckGroup(g.id(), g.title().isEmpty() ? g.id() : g.title());
            }
            String id = type.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            return new CheckGroup(id, id);
        } catch (IllegalArgumentException e) {
            throw new KvmforgeException(ErrorKind.PARSE, e.getMessage(), type.getName(), "fix @HostCheckGroup(id = ...)");
        }
    }

    private static void validate(Class<?> type, Method m) {
        if (m.getParameterCount() != 1 || m.getParameterTypes()[0] != Host.class) {
            throw problem(m, "a @HostCheck method takes one parameter, the " + Host.class.getName());
        }
        if (m.getReturnType() != void.class && m.getReturnType() != Verdict.class) {
            throw problem(m, "a @HostCheck method returns a " + Verdict.class.getName() + " or nothing, not "
                    + m.getReturnType().getName());
        }
        if (!Modifier.isStatic(m.getModifiers())) {
            try {
                type.getDeclaredConstructor();
            } catch (NoSuchMethodException e) {
                throw problem(m, type.getName() + " needs a constructor without parameters");
            }
            if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
                throw problem(m, type.getName() + " is abstract: select a concrete subclass");
            }
        }
    }

    private static KvmforgeException problem(Method m, String what) {
        return new KvmforgeException(ErrorKind.PARSE, what, m.getDeclaringClass().getName() + "." + m.getName(),
                null);
    }

    private static Verdict invoke(Class<?> type, Method m, HostSnapshot snapshot) {
        Host host = snapshot.liveHost();
        try {
            Object target = null;
            if (!Modifier.isStatic(m.getModifiers())) {
                Constructor<?> c = type.getDeclaredConstructor();
                c.setAccessible(true);
                target = c.newInstance();
            }
            m.setAccessible(true);
            Object r = m.invoke(target, host);
            return r == null ? Verdict.pass("passed") : (Verdict) r;
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof AssertionError) {
                return Verdict.fail(t.getMessage() == null || t.getMessage().isBlank() ? "an assertion failed"
                        : t.getMessage().strip());
            }
            if (t instanceof TestAbortedException) {
                String why = t.getMessage() == null ? "" : t.getMessage().replaceFirst("^Assumption failed: ?", "");
                return Verdict.skip(why.isBlank() ? "an assumption was not met" : why.strip());
            }
            if (t instanceof RuntimeException r) {
                throw r;
            }
            return Verdict.error(t.toString(), t);
        } catch (ReflectiveOperationException e) {
            return Verdict.error("cannot call " + type.getName() + "." + m.getName() + ": " + e, e);
        }
    }
}
