package dev.kvmforge.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitXmlReporterTest {

    @TempDir
    Path dir;

    private Document parse(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    @Test
    void aTestcasePerTaskAndHostWithLoopItemsFolded() throws Exception {
        Path file = dir.resolve("report.xml");
        SampleRun.feed(new JUnitXmlReporter(file));
        Document doc = parse(file);
        Element suites = doc.getDocumentElement();
        assertEquals("testsuites", suites.getTagName());
        NodeList suiteList = doc.getElementsByTagName("testsuite");
        assertEquals(1, suiteList.getLength());
        Element suite = (Element) suiteList.item(0);
        assertEquals("KVM hosts", suite.getAttribute("name"));
        assertEquals("5", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("0", suite.getAttribute("errors"));
        assertEquals("0", suite.getAttribute("skipped"));
        NodeList cases = doc.getElementsByTagName("testcase");
        assertEquals(5, cases.getLength());
        Element first = (Element) cases.item(0);
        assertEquals("KVM hosts.web1", first.getAttribute("classname"));
        assertEquals("install qemu", first.getAttribute("name"));
        assertEquals("1.500", first.getAttribute("time"));
        Element loopFailed = (Element) cases.item(3);
        assertEquals("KVM hosts.db-server-long-name", loopFailed.getAttribute("classname"));
        assertEquals("make disks", loopFailed.getAttribute("name"));
        Element failure = (Element) loopFailed.getElementsByTagName("failure").item(0);
        assertEquals("One or more items failed", failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("failed: (item=a.qcow2): disk full"), failure.getTextContent());
        Element ignored = (Element) cases.item(4);
        assertEquals(0, ignored.getElementsByTagName("failure").getLength(), "an ignored failure passes");
    }

    @Test
    void unreachableIsAnErrorSkippedIsSkippedAndTextIsEscaped() throws Exception {
        Path file = dir.resolve("r.xml");
        JUnitXmlReporter r = new JUnitXmlReporter(file);
        r.on(new Event.PlayStarted("<play> & \"quotes\"", "all", List.of("a", "b")));
        r.on(SampleRun.result("a", "t <1>", SampleRun.INSTALL, Status.UNREACHABLE, null,
                "ssh: connect refused \u001b[31m & <stuff>", Map.of()));
        r.on(SampleRun.result("b", "t <1>", SampleRun.INSTALL, Status.SKIPPED, null, null, Map.of()));
        r.close();
        Document doc = parse(file);
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("<play> & \"quotes\"", suite.getAttribute("name"));
        assertEquals("1", suite.getAttribute("errors"));
        assertEquals("1", suite.getAttribute("skipped"));
        Element error = (Element) doc.getElementsByTagName("error").item(0);
        assertEquals("unreachable", error.getAttribute("type"));
        assertEquals("ssh: connect refused \uFFFD[31m & <stuff>", error.getAttribute("message"));
        Element skipped = (Element) doc.getElementsByTagName("testcase").item(1);
        assertEquals("<play> & \"quotes\".b", skipped.getAttribute("classname"));
        assertEquals(1, skipped.getElementsByTagName("skipped").getLength());
    }

    @Test
    void namesMetAgainAreNumberedSoReportToolsCountEveryCase() throws Exception {
        Path file = dir.resolve("same.xml");
        JUnitXmlReporter r = new JUnitXmlReporter(file);
        for (String batch : List.of("a", "b")) {
            r.on(new Event.PlayStarted("hosts", "all", List.of(batch)));
            r.on(SampleRun.result(batch, "command", SampleRun.INSTALL, Status.CHANGED, null, null, Map.of()));
            r.on(SampleRun.result(batch, "command", SampleRun.INSTALL, Status.CHANGED, null, null, Map.of()));
        }
        r.close();
        Document doc = parse(file);
        NodeList suites = doc.getElementsByTagName("testsuite");
        assertEquals("hosts", ((Element) suites.item(0)).getAttribute("name"));
        assertEquals("hosts (2)", ((Element) suites.item(1)).getAttribute("name"), "a second serial batch");
        NodeList cases = doc.getElementsByTagName("testcase");
        assertEquals(4, cases.getLength());
        assertEquals("command", ((Element) cases.item(0)).getAttribute("name"));
        assertEquals("command (2)", ((Element) cases.item(1)).getAttribute("name"), "two unnamed command tasks");
        assertEquals("hosts (2).b", ((Element) cases.item(3)).getAttribute("classname"));
        assertEquals("command (2)", ((Element) cases.item(3)).getAttribute("name"));
    }
}
