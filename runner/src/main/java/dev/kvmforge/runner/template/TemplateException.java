package dev.kvmforge.runner.template;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;

/** A template or expression used a variable that is not defined, or an expression could not be evaluated. */
public class TemplateException extends KvmforgeException {

    public TemplateException(String what, String hint) {
        super(ErrorKind.TASK, what, null, hint);
    }
}
