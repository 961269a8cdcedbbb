package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rules across parameters, declared as data and checked when arguments are bound, in one wording. */
class ParameterRulesTest {

    private static BadParameter broken(Map<String, Object> args) {
        return assertThrows(BadParameter.class, () -> Parameters.bind(new LibvirtDomainModule(), args));
    }

    @Test
    void libvirtDomainsRulesAreKeptWhenItsArgumentsAreBound() {
        BadParameter none = broken(Map.of("state", "running"));
        assertEquals("module 'libvirt_domain': one of 'name', 'xml' is required", none.what());
        assertEquals(List.of(), none.path(), "about the arguments as a whole");

        BadParameter both = broken(Map.of("xml", "<domain/>", "vcpus", 2));
        assertEquals("module 'libvirt_domain': 'xml' and 'vcpus' cannot be given together: xml is the whole"
                + " definition", both.what());
        assertEquals("vcpus", both.parameter(), "points at the argument that should go");

        BadParameter noMemory = broken(Map.of("name", "vm1", "disks", List.of(Map.of("path", "/x.raw"))));
        assertEquals("module 'libvirt_domain': 'disks' needs 'memory_mb' too: it is required to define a domain"
                + " from parameters", noMemory.what());

        BadParameter storage = broken(Map.of("name", "vm1", "state", "running", "remove_storage", "yes"));
        assertEquals("module 'libvirt_domain': 'remove_storage' goes with state: undefined only", storage.what());
        assertEquals("remove_storage", storage.parameter());
    }

    @Test
    void requiredAndRequiredIfSpeakOfTheValueThatNeedsThem() {
        BadParameter noPath = assertThrows(BadParameter.class, () -> Parameters.bind(new LineinfileModule(),
                Map.of("line", "x", "path", " ")));
        assertEquals("module 'lineinfile': 'path' is required: the file on the host", noPath.what(), "blank is missing");

        BadParameter noLine = assertThrows(BadParameter.class, () -> Parameters.bind(new LineinfileModule(),
                Map.of("path", "/etc/x")));
        assertEquals("module 'lineinfile': 'line' is required with state: present", noLine.what(),
                "present is the default: the rule holds without state written");

        BadParameter absent = assertThrows(BadParameter.class, () -> Parameters.bind(new LineinfileModule(),
                Map.of("path", "/etc/x", "state", "Absent")));
        assertEquals("module 'lineinfile': one of 'regexp', 'search_string', 'line' is required with state: absent",
                absent.what(), "choices compare as Ansible's do, ignoring case");

        BadParameter link = assertThrows(BadParameter.class, () -> Parameters.bind(new FileModule(),
                Map.of("path", "/tmp/l", "state", "link")));
        assertEquals("module 'file': 'src' is required with state: link: what the link points to", link.what());

        Parameters.bind(new LineinfileModule(), Map.of("path", "/etc/x", "state", "absent", "regexp", "^x"));
        Parameters.bind(new LineinfileModule(), Map.of("path", "/etc/x", "line", "x", "backrefs", false));
        Parameters.bind(new FileModule(), Map.of("path", "/tmp/d", "state", "directory", "recurse", true));
    }

    @Test
    void aRuleHoldsWhereItsArgumentsAreAbsentOrHarmless() {
        Parameters.bind(new LibvirtDomainModule(), Map.of("name", "vm1", "state", "undefined", "remove_storage", true,
                "destroy_running", true));
        Parameters.bind(new LibvirtDomainModule(), Map.of("name", "vm1", "state", "running", "remove_storage", false));
        Parameters.bind(new LibvirtDomainModule(), Map.of("name", "vm1", "memory_mb", 64, "vcpus", 2));
        Parameters.bind(new LibvirtDomainModule(), Map.of("xml", "<domain><name>vm1</name></domain>"));
    }
}
