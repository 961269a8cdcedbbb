package dev.kvmforge.checks.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A JUnit XML report read back with a DOM parser, as report tools read it. */
public record Xml(Document document) {

    public static Xml read(Path file) throws Exception {
        return new Xml(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()));
    }

    public List<Element> all(String tag) {
        NodeList nodes = document.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    /** The testcase of {@code classname} and {@code name}. */
    public Element testcase(String classname, String name) {
        return all("testcase").stream().filter(e -> e.getAttribute("classname").equals(classname)
                && e.getAttribute("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no testcase " + classname + " / " + name + " in " + cases()));
    }

    /** The first child element of {@code e} named {@code tag}, or null. */
    public static Element child(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? null : (Element) n.item(0);
    }

    /** Every testcase as {@code classname | name | outcome}. */
    public List<String> cases() {
        return all("testcase").stream().map(e -> e.getAttribute("classname") + " | " + e.getAttribute("name") + " | "
                + (child(e, "failure") != null ? "failure" : child(e, "error") != null ? "error"
                : child(e, "skipped") != null ? "skipped" : "passed")).toList();
    }
}
