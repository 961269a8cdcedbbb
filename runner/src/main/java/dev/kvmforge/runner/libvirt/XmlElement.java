package dev.kvmforge.runner.libvirt;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * One element of libvirt XML, immutable: its name, attributes (in order), text and child elements. Whitespace
 * between elements and comments are not kept, so two elements are equal (attribute order aside) exactly when
 * libvirt would read them alike. {@link #toString()} prints the element the way {@code virsh dumpxml}
 * does, for diffs.
 *
 * @param name       the tag, with its prefix if it has one ({@code qemu:commandline})
 * @param attributes the attributes in document order
 * @param text       the trimmed text of an element without child elements; empty otherwise
 * @param children   the child elements in order
 */
public record XmlElement(String name, Map<String, String> attributes, String text, List<XmlElement> children) {

    public XmlElement {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        text = text == null ? "" : text.strip();
        children = List.copyOf(children);
    }

    /** An element with no attributes, text or children. */
    public static XmlElement of(String name) {
        return new XmlElement(name, Map.of(), "", List.of());
    }

    /** Reads XML text (no DTDs, no entities but XML's own); a malformed text is an error that says where. */
    public static XmlElement parse(String xml) {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        try {
            XMLStreamReader r = f.createXMLStreamReader(new StringReader(xml));
            try {
                while (r.next() != XMLStreamConstants.START_ELEMENT) {
                    if (r.getEventType() == XMLStreamConstants.DTD) {
                        throw new XMLStreamException("a DOCTYPE is not allowed", r.getLocation());
                    }
                }
                return read(r);
            } finally {
                r.close();
            }
        } catch (XMLStreamException | java.util.NoSuchElementException e) {
            throw new KvmforgeException(ErrorKind.TASK, "not well-formed XML: " + e.getMessage(), null,
                    "check the xml parameter (or the file it comes from)");
        }
    }

    /** Reads the element the reader is at, up to its end. */
    private static XmlElement read(XMLStreamReader r) throws XMLStreamException {
        String name = r.getPrefix() == null || r.getPrefix().isEmpty() ? r.getLocalName()
                : r.getPrefix() + ":" + r.getLocalName();
        Map<String, String> attrs = new LinkedHashMap<>();
        for (int i = 0; i < r.getNamespaceCount(); i++) {
            String prefix = r.getNamespacePrefix(i);
            attrs.put(prefix == null || prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix, r.getNamespaceURI(i));
        }
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String prefix = r.getAttributePrefix(i);
            attrs.put(prefix == null || prefix.isEmpty() ? r.getAttributeLocalName(i)
                    : prefix + ":" + r.getAttributeLocalName(i), r.getAttributeValue(i));
        }
        List<XmlElement> kids = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> kids.add(read(r));
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(r.getText());
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new XMLStreamException("entity &"
                        + r.getLocalName() + "; is not allowed", r.getLocation());
                case XMLStreamConstants.END_ELEMENT -> {
                    return new XmlElement(name, attrs, kids.isEmpty() ? text.toString() : "", kids);
                }
                default -> {
                    // comments and processing instructions are not kept
                }
            }
        }
    }

    /** The attribute's value, or empty when it is not there. */
    public String attribute(String attribute) {
        return attributes.getOrDefault(attribute, "");
    }

    /** The first child element named {@code childName}. */
    public Optional<XmlElement> child(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).findFirst();
    }

    /** The child elements named {@code childName}, in order. */
    public List<XmlElement> children(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    /** The element at a path of names below this one, such as {@code os/type}, taking the first of each name. */
    public Optional<XmlElement> find(String path) {
        Optional<XmlElement> at = Optional.of(this);
        for (String step : path.split("/")) {
            at = at.flatMap(e -> e.child(step));
        }
        return at;
    }

    /** The same element with an attribute set (added at the end, or replaced in place). */
    public XmlElement with(String attribute, String value) {
        Map<String, String> a = new LinkedHashMap<>(attributes);
        a.put(attribute, value);
        return new XmlElement(name, a, text, children);
    }

    /** The same element with this text. */
    public XmlElement withText(String newText) {
        return new XmlElement(name, attributes, newText, children);
    }

    /** The same element with these children instead of its own. */
    public XmlElement withChildren(List<XmlElement> newChildren) {
        return new XmlElement(name, attributes, text, newChildren);
    }

    /** The same element with {@code child} added at the end. */
    public XmlElement add(XmlElement child) {
        List<XmlElement> c = new ArrayList<>(children);
        c.add(child);
        return new XmlElement(name, attributes, text, c);
    }

    /** The element as {@code virsh dumpxml} prints it: two spaces per level, attributes in single quotes. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        print(b, "");
        return b.toString();
    }

    private void print(StringBuilder b, String indent) {
        b.append(indent).append('<').append(name);
        attributes.forEach((k, v) -> b.append(' ').append(k).append("='").append(escape(v, true)).append('\''));
        if (children.isEmpty() && text.isEmpty()) {
            b.append("/>\n");
        } else if (children.isEmpty()) {
            b.append('>').append(escape(text, false)).append("</").append(name).append(">\n");
        } else {
            b.append(">\n");
            for (XmlElement c : children) {
                c.print(b, indent + "  ");
            }
            b.append(indent).append("</").append(name).append(">\n");
        }
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\'' -> b.append(attribute ? "&apos;" : "'");
                case '"' -> b.append(attribute ? "&quot;" : "\"");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
