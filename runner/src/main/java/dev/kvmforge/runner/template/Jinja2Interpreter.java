package dev.kvmforge.runner.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.util.ScopeMap;

/**
 * Jinjava's interpreter, printing values as Jinja2 under Ansible does: Python's {@code str()} of the value, and
 * nothing for {@code null} (Ansible's finalize).
 */
final class Jinja2Interpreter extends JinjavaInterpreter {

    /** Makes these interpreters for a {@link Jinjava}. */
    static final InterpreterFactory FACTORY = new InterpreterFactory() {
        @Override
        public JinjavaInterpreter newInstance(JinjavaInterpreter orig) {
            return new Jinja2Interpreter(orig);
        }

        @Override
        public JinjavaInterpreter newInstance(Jinjava application, Context context, JinjavaConfig config) {
            return new Jinja2Interpreter(application, context, config);
        }
    };

    private Jinja2Interpreter(Jinjava application, Context context, JinjavaConfig config) {
        super(application, context, config);
    }

    private Jinja2Interpreter(JinjavaInterpreter orig) {
        super(orig);
    }

    @Override
    public String getAsString(Object object) {
        return object == null ? "" : PythonText.str(object);
    }

    /** Whether {@code name} is set in any scope of {@code context}, even to {@code null}. */
    static boolean isSet(Context context, String name) {
        for (ScopeMap<String, Object> s = context; s != null; s = s.getParent()) {
            if (s.getScope().containsKey(name)) {
                return true;
            }
        }
        return false;
    }
}
