package dev.kvmforge.runner.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.objects.SafeString;
import java.util.Map;

/**
 * One of Jinjava's own filters, made to fail on an undefined value as Ansible's do ({@code foo | length} with
 * {@code foo} undefined is "'foo' is undefined", not 0).
 *
 * @param inner Jinjava's filter
 */
record UndefinedRefusingFilter(Filter inner) implements Filter {

    @Override
    public String getName() {
        return inner.getName();
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        refuse(var);
        return inner.filter(var, interpreter, args);
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        refuse(var);
        return inner.filter(var, interpreter, args, kwargs);
    }

    @Override
    public Object filter(SafeString var, JinjavaInterpreter interpreter, String... args) {
        return inner.filter(var, interpreter, args);
    }

    @Override
    public boolean preserveSafeString() {
        return inner.preserveSafeString();
    }

    private static void refuse(Object var) {
        if (var instanceof Undefined u) {
            throw u.error();
        }
    }
}
