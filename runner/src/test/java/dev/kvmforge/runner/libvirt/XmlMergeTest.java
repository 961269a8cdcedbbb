package dev.kvmforge.runner.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Merging what a task asks into what libvirt stores (a domain as libvirt 9.0 stored it here). */
class XmlMergeTest {

    private static final String STORED = """
            <domain type='kvm'>
              <name>vm1</name>
              <uuid>ce8a9f75-8b44-4f52-885e-04d930bc5688</uuid>
              <memory unit='KiB'>131072</memory>
              <currentMemory unit='KiB'>131072</currentMemory>
              <vcpu placement='static'>1</vcpu>
              <os>
                <type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type>
                <boot dev='hd'/>
                <bootmenu enable='no'/>
              </os>
              <clock offset='utc'/>
              <devices>
                <emulator>/usr/bin/qemu-system-x86_64</emulator>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='raw'/>
                  <source file='/srv/vm1.raw'/>
                  <target dev='vda' bus='virtio'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>
                </disk>
                <controller type='pci' index='0' model='pci-root'/>
                <interface type='network'>
                  <mac address='52:54:00:aa:bb:cc'/>
                  <source network='kvmf-test-net'/>
                  <model type='virtio'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>
                </interface>
                <serial type='file'>
                  <source path='/var/log/vm1.log'/>
                  <target type='isa-serial' port='0'>
                    <model name='isa-serial'/>
                  </target>
                </serial>
                <console type='file'>
                  <source path='/var/log/vm1.log'/>
                  <target type='serial' port='0'/>
                </console>
                <input type='mouse' bus='ps2'/>
                <memballoon model='virtio'/>
              </devices>
            </domain>
            """;

    private static final XmlMerge RULES = new XmlMerge(
            Map.of("domain/devices", Set.of("disk", "interface", "graphics", "serial", "console")),
            Set.of("domain/os/boot"), (path, attribute, stored, desired) -> stored.equals(desired)
            || attribute.equals("machine") && desired.equals("pc") && stored.startsWith("pc-i440fx-"));

    private static String desired(String memory, String disks, String boot) {
        return "<domain type='kvm'><name>vm1</name><memory unit='KiB'>" + memory + "</memory>"
                + "<currentMemory unit='KiB'>" + memory + "</currentMemory><vcpu placement='static'>1</vcpu>"
                + "<os><type machine='pc'>hvm</type>" + boot + "</os><devices>" + disks
                + "<interface type='network'><source network='kvmf-test-net'/><model type='virtio'/></interface>"
                + "<serial type='file'><source path='/var/log/vm1.log'/><target port='0'/></serial>"
                + "<console type='file'><source path='/var/log/vm1.log'/><target type='serial' port='0'/></console>"
                + "</devices></domain>";
    }

    private static final String DISK = "<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
            + "<source file='/srv/vm1.raw'/><target dev='vda' bus='virtio'/></disk>";

    @Test
    void whatLibvirtAlreadyStoresMergesToItselfWhateverItAdded() {
        XmlElement stored = XmlElement.parse(STORED);
        assertEquals(stored, RULES.merge(stored, XmlElement.parse(desired("131072", DISK, "<boot dev='hd'/>"))));
    }

    @Test
    void aChangeKeepsUuidMacAndAddressesAndTouchesOnlyWhatDiffers() {
        XmlElement stored = XmlElement.parse(STORED);
        XmlElement merged = RULES.merge(stored, XmlElement.parse(desired("262144", DISK, "<boot dev='hd'/>")));
        assertNotEquals(stored, merged);
        assertEquals("262144", merged.child("memory").orElseThrow().text());
        assertEquals(stored.child("uuid"), merged.child("uuid"));
        assertEquals(stored.find("devices/interface"), merged.find("devices/interface"));
        assertEquals(stored.find("devices/disk"), merged.find("devices/disk"));
        List<String> changed = diffLines(stored.toString(), merged.toString());
        assertEquals(List.of("<memory unit='KiB'>262144</memory>", "<currentMemory unit='KiB'>262144</currentMemory>"),
                changed);
    }

    @Test
    void ownedDevicesLeftOutAreRemovedAndNewOnesAdded() {
        XmlElement stored = XmlElement.parse(STORED);
        String second = "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
                + "<source file='/srv/data.qcow2'/><target dev='vdb' bus='virtio'/></disk>";
        XmlElement two = RULES.merge(stored, XmlElement.parse(desired("131072", DISK + second, "<boot dev='hd'/>")));
        assertEquals(2, two.find("devices").orElseThrow().children("disk").size());
        assertEquals("vdb", two.find("devices").orElseThrow().children("disk").get(1).find("target").orElseThrow()
                .attribute("dev"));
        XmlElement none = RULES.merge(stored, XmlElement.parse(desired("131072", "", "<boot dev='hd'/>")));
        assertTrue(none.find("devices/disk").isEmpty());
        assertTrue(none.find("devices/controller").isPresent(), "what the task does not own stays");
    }

    @Test
    void theBootOrderIsReplacedInPlace() {
        XmlElement stored = XmlElement.parse(STORED);
        XmlElement merged = RULES.merge(stored, XmlElement.parse(desired("131072", DISK,
                "<boot dev='cdrom'/><boot dev='hd'/>")));
        assertEquals(List.of("type", "boot", "boot", "bootmenu"), merged.child("os").orElseThrow().children().stream()
                .map(XmlElement::name).toList());
        assertEquals("cdrom", merged.find("os/boot").orElseThrow().attribute("dev"));
    }

    @Test
    void nothingStoredMeansTheDesiredXmlAndXmlPrintsAsVirshDoes() {
        XmlElement d = XmlElement.parse("<network><name>a&amp;b</name><bridge name=\"x'y\"/></network>");
        assertEquals(d, RULES.merge(null, d));
        assertEquals("<network>\n  <name>a&amp;b</name>\n  <bridge name='x&apos;y'/>\n</network>\n", d.toString());
        assertEquals(d, XmlElement.parse(d.toString()));
    }

    @Test
    void aDoctypeIsRefused() {
        assertThrows(KvmforgeException.class, () -> XmlElement.parse(
                "<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain>&x;</domain>"));
    }

    private static List<String> diffLines(String before, String after) {
        List<String> b = before.lines().map(String::strip).toList();
        return after.lines().map(String::strip).filter(l -> !b.contains(l)).toList();
    }
}
