package dev.kvmforge.runner.template;

import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import java.beans.FeatureDescriptor;
import java.util.Iterator;
import java.util.Map;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * How {@code a.b} and {@code a['b']} are looked up: as Jinjava does, except that a key a mapping lacks and any
 * attribute of an undefined value are {@link Undefined}, as in Ansible, so that {@code x.missing | default(1)} works and
 * {@code {{ x.missing }}} is an error naming the key; and Python's string methods ({@link PythonStrings}) are there for
 * strings.
 */
final class AttributeLookup extends ELResolver {

    private final ELResolver standard = JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY;

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (base instanceof Undefined u) {
            context.setPropertyResolved(true);
            return u;
        }
        Object v = standard.getValue(context, base, property);
        if (v == null && base instanceof Map<?, ?> m && !hasKey(m, property)) {
            context.setPropertyResolved(true);
            return Undefined.key(property);
        }
        if (v == null && base instanceof java.util.List<?> l && outOfRange(l, property)) {
            context.setPropertyResolved(true);
            return Undefined.element(property);
        }
        return v;
    }

    private static boolean outOfRange(java.util.List<?> l, Object property) {
        try {
            long i = property instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(property));
            return i >= l.size() || i < -l.size();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean hasKey(Map<?, ?> m, Object property) {
        if (m.containsKey(property)) {
            return true;
        }
        String wanted = String.valueOf(property);
        for (Object k : m.keySet()) {
            if (String.valueOf(k).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return standard.getType(context, base, property);
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        standard.setValue(context, base, property, value);
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return standard.isReadOnly(context, base, property);
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return standard.getFeatureDescriptors(context, base);
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return standard.getCommonPropertyType(context, base);
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (base instanceof Undefined u) {
            throw u.error();
        }
        if (base instanceof String s) {
            java.util.Optional<Object> r;
            try {
                r = PythonStrings.call(s, String.valueOf(method), params);
            } catch (RuntimeException e) {
                throw new TemplateException("str." + method + "(): " + e.getMessage(), null);
            }
            if (r.isPresent()) {
                context.setPropertyResolved(true);
                return r.get();
            }
        }
        return standard.invoke(context, base, method, paramTypes, params);
    }
}
