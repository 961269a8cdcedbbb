package dev.kvmforge.runner.template;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import com.hubspot.jinjava.util.HasObjectTruthValue;

/**
 * What a variable, key or attribute that does not exist evaluates to, like Ansible's strict undefined: {@code default},
 * {@code is defined}, {@code is undefined} and {@code mandatory} may look at it; printing it, testing its truth or
 * comparing it is an error that names what is missing ("'foo' is undefined").
 *
 * <p>Jinjava has no such value (a missing name is {@code null}); {@link Templar} makes Jinjava produce this one instead.
 */
final class Undefined implements HasObjectTruthValue, PyishSerializable {

    private final String name;
    private final String message;

    private Undefined(String name, String message) {
        this.name = name;
        this.message = message;
    }

    /** A top-level variable that is not defined. */
    static Undefined variable(String name) {
        return new Undefined(name, "'" + name + "' is undefined");
    }

    /** A key a mapping does not have (Ansible's words for it). */
    static Undefined key(Object key) {
        return new Undefined(String.valueOf(key), "'dict object' has no attribute '" + key + "'");
    }

    /** An index past the end of a list (Ansible's words for it). */
    static Undefined element(Object index) {
        return new Undefined(String.valueOf(index), "'list object' has no element " + index);
    }

    /** The name that is missing: the variable, or the key. */
    String name() {
        return name;
    }

    /** What is missing, as Ansible says it: {@code 'foo' is undefined}. */
    String message() {
        return message;
    }

    /** The error for using this value. */
    TemplateException error() {
        return new TemplateException(message, Templar.UNDEFINED_HINT);
    }

    /** Whether {@code v} is missing: undefined, not a defined {@code null}. */
    static boolean is(Object v) {
        return v instanceof Undefined;
    }

    @Override
    public boolean getObjectTruthValue() {
        throw error();
    }

    @Override
    public <T extends Appendable & CharSequence> T appendPyishString(T appendable) {
        throw error();
    }

    /** Printing an undefined value is the error Ansible reports. */
    @Override
    public String toString() {
        throw error();
    }

    @Override
    public boolean equals(Object o) {
        throw error();
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
