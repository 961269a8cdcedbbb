package dev.kvmforge.runner.modules;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code debug}: prints a message or a variable's value. Changes nothing. */
public final class DebugModule implements ReadOnlyModule<DebugModule.Params> {

    /**
     * @param msg       the message (default "Hello world!")
     * @param var       a variable name or expression to print instead
     * @param verbosity print only at this -v level or above
     */
    public record Params(Object msg, String var, Integer verbosity) {
    }

    @Override
    public String name() {
        return "debug";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public ModuleResult read(ModuleContext context, Params p) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (p.var() != null) {
            Object value;
            try {
                value = context.templar().evaluate(p.var(), context.vars());
            } catch (RuntimeException e) {
                value = "VARIABLE IS NOT DEFINED!";
            }
            v.put(p.var(), value);
        } else {
            v.put("msg", p.msg() == null ? "Hello world!" : p.msg());
        }
        return ModuleResult.ok(v);
    }
}
