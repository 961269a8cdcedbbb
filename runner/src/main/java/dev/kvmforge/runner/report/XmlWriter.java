package dev.kvmforge.runner.report;

import java.io.OutputStream;
import java.io.Writer;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The one way kvmforge writes XML (the runner's and the checks' JUnit XML reports): StAX escapes the markup, and every
 * text and attribute value is first rid of what XML 1.0 cannot hold at all (terminal escapes, NUL and the other
 * control characters a command's output may carry), each replaced by U+FFFD, so that report tools can always parse
 * the file.
 */
public final class XmlWriter {

    private final XMLStreamWriter xml;

    private XmlWriter(XMLStreamWriter xml) {
        this.xml = xml;
    }

    /** A UTF-8 document on {@code out}. */
    public static XmlWriter to(OutputStream out) throws XMLStreamException {
        return new XmlWriter(XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8"));
    }

    /** A document on {@code out}, to be stored as UTF-8. */
    public static XmlWriter to(Writer out) throws XMLStreamException {
        return new XmlWriter(XMLOutputFactory.newFactory().createXMLStreamWriter(out));
    }

    /** The XML declaration (UTF-8, version 1.0). */
    public XmlWriter startDocument() throws XMLStreamException {
        xml.writeStartDocument("UTF-8", "1.0");
        return this;
    }

    public XmlWriter start(String element) throws XMLStreamException {
        xml.writeStartElement(element);
        return this;
    }

    public XmlWriter empty(String element) throws XMLStreamException {
        xml.writeEmptyElement(element);
        return this;
    }

    public XmlWriter attribute(String name, String value) throws XMLStreamException {
        xml.writeAttribute(name, clean(value));
        return this;
    }

    public XmlWriter text(String value) throws XMLStreamException {
        xml.writeCharacters(clean(value));
        return this;
    }

    public XmlWriter end() throws XMLStreamException {
        xml.writeEndElement();
        return this;
    }

    /** Ends the document and flushes it; the stream underneath stays open. */
    public void endDocument() throws XMLStreamException {
        xml.writeEndDocument();
        xml.close();
    }

    /** {@code s} without the characters XML 1.0 cannot hold, each replaced by U+FFFD; null becomes empty. */
    public static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || cp >= 0x20 && cp <= 0xD7FF
                    || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000 && cp <= 0x10FFFF;
            b.appendCodePoint(allowed ? cp : 0xFFFD);
        });
        return b.toString();
    }
}
