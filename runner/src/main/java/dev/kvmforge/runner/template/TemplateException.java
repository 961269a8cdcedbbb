package dev.kvmforge.runner.template;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;

/** A template or expression used a variable that is not defined, or an expression could not be evaluated. */
public class TemplateException extends KvmforgeException {

    /** The template the message names, once it names one (see {@link #in}); null before. */
    private final String source;

    public TemplateException(String what, String hint) {
        this(what, hint, null);
    }

    private TemplateException(String what, String hint, String source) {
        super(ErrorKind.TASK, what, null, hint);
        this.source = source;
    }

    /** The same error saying the template it happened in: {@code ... in '{{ x }}'}. */
    TemplateException in(String template) {
        return new TemplateException(what() + " in '" + template.strip() + "'", hint().orElse(null), template);
    }

    /** Whether the message names its template already. */
    boolean placed() {
        return source != null;
    }
}
