package dev.kvmforge.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class MavenLogWriterTest {

    @Test
    void wholeLinesGoToInfoAndWarningsToWarn() {
        RecordingLog log = new RecordingLog();
        try (PrintWriter out = MavenLogWriter.printWriter(log)) {
            out.println();
            out.print("TASK [copy] ");
            out.flush();
            out.println("****");
            out.println("[WARNING]: [web1]: no python here");
            out.print("\r  ... still running\r");
            out.print("last line");
        }
        assertEquals(List.of("INFO ", "INFO TASK [copy] ****", "WARN [web1]: no python here", "INFO last line"),
                log.lines);
    }
}
