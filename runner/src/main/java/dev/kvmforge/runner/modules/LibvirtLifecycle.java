package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.libvirt.Libvirt;
import java.util.Optional;

/**
 * The states {@code virt_net} and {@code virt_pool} share for one named network or pool, as the collection has them:
 * present (defined from the task's XML when missing, else left as it is), active, inactive, absent (stopped, then
 * undefined), and autostart. In check mode an object that is not defined yet (an earlier task of the run would
 * define it) plans its start and autostart, as the collection reports them changed.
 */
final class LibvirtLifecycle {

    private LibvirtLifecycle() {
    }

    /** The state a task asks for. */
    enum Wanted {
        PRESENT, ACTIVE, INACTIVE, ABSENT
    }

    /** A libvirt call on the object of that name. */
    @FunctionalInterface
    interface OnName {
        void on(Libvirt libvirt, String name);
    }

    /** Setting the object's autostart. */
    @FunctionalInterface
    interface SetAutostart {
        void on(Libvirt libvirt, String name, boolean autostart);
    }

    /** Defining an object from its XML. */
    @FunctionalInterface
    interface Define {
        void on(Libvirt libvirt, String xml);
    }

    /**
     * One kind of object: its name in messages and the libvirt calls that change it.
     *
     * @param word      {@code network}, {@code storage pool}
     * @param shortWord {@code network}, {@code pool}: in hints
     */
    record Kind(String word, String shortWord, Define define, OnName start, OnName stop, OnName undefine,
                SetAutostart autostart) {
    }

    /** The object as libvirt has it now. */
    record Found(boolean active, boolean persistent, boolean autostart) {
    }

    /** The task's own parts of the change: the XML to define, autostart, and what goes between stop and undefine. */
    record Asked(Wanted wanted, String xml, Boolean autostart, String undefineNote, LibvirtSteps.Call beforeUndefine,
                 String beforeUndefineSummary) {

        static Asked of(Wanted wanted, String xml, Boolean autostart) {
            return new Asked(wanted, xml, autostart, "", null, null);
        }

        /** The same, saying {@code note} after the undefine step's words. */
        Asked withUndefineNote(String note) {
            return new Asked(wanted, xml, autostart, note, beforeUndefine, beforeUndefineSummary);
        }

        /** The same, with {@code call} ({@code summary} in the plan) between stopping and undefining. */
        Asked withBeforeUndefine(String summary, LibvirtSteps.Call call) {
            return new Asked(wanted, xml, autostart, undefineNote, call, summary);
        }
    }

    /**
     * Adds to {@code s} the steps that bring {@code name}, found as {@code now}, to what {@code asked} says; a null
     * {@code wanted} (autostart alone) leaves its state as it is.
     */
    static void toState(LibvirtSteps s, ModuleContext context, Kind kind, String name, Optional<Found> now,
                        Asked asked) {
        Wanted wanted = asked.wanted();
        boolean active = now.map(Found::active).orElse(false);
        if (wanted == Wanted.PRESENT && now.isEmpty()) {
            if (asked.xml() == null) {
                throw new KvmforgeException(ErrorKind.TASK, kind.word() + " '" + name + "' not present, but xml not "
                        + "specified", context.host().name(), "give xml: with the " + kind.shortWord()
                        + "'s definition");
            }
            String xml = asked.xml();
            s.add(Change.of("define " + kind.word() + " " + name, new Diff("libvirt " + kind.word() + " " + name, "",
                    xml)), l -> kind.define().on(l, xml));
            s.value("created", name);
        } else if (wanted == Wanted.ACTIVE && !active) {
            if (now.isEmpty() && !context.checkMode()) {
                throw notFound(context, kind, name);
            }
            s.add("start " + kind.word() + " " + name + (now.isEmpty() ? " (not defined yet: an earlier task would "
                    + "define it)" : ""), l -> kind.start().on(l, name));
        } else if (wanted == Wanted.INACTIVE && active) {
            s.add("stop " + kind.word() + " " + name, l -> kind.stop().on(l, name));
        } else if (wanted == Wanted.ABSENT && now.isPresent()) {
            if (active) {
                s.add("stop " + kind.word() + " " + name, l -> kind.stop().on(l, name));
            }
            if (asked.beforeUndefine() != null) {
                s.add(asked.beforeUndefineSummary(), asked.beforeUndefine());
            }
            if (now.get().persistent()) {
                s.add("undefine " + kind.word() + " " + name + asked.undefineNote(), l -> kind.undefine().on(l, name));
            }
        }
        if (asked.autostart() != null && wanted != Wanted.ABSENT) {
            if (now.isEmpty() && wanted != Wanted.PRESENT && !context.checkMode()) {
                throw notFound(context, kind, name);
            }
            boolean on = asked.autostart();
            if (now.map(Found::autostart).orElse(false) != on) {
                s.add("autostart " + kind.word() + " " + name + ": " + (on ? "on" : "off"),
                        l -> kind.autostart().on(l, name, on));
            }
        }
    }

    /** The error for an object libvirt does not know. */
    static KvmforgeException notFound(ModuleContext context, Kind kind, String name) {
        return new KvmforgeException(ErrorKind.TASK, kind.word() + " " + name + " not found", context.host().name(),
                "define it first: command: define with xml");
    }
}
