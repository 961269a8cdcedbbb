package dev.kvmforge.cli.resident;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command as the client sends it: everything of the operator's shell the command may depend on.
 *
 * @param identity         the jar and JDK the client runs ({@link ResidentIdentity}): another one is not served
 * @param args             the command line, without {@code --no-daemon}
 * @param workingDirectory the shell's working directory
 * @param environment      the shell's environment
 * @param terminal         whether the client has a terminal (a console for prompts)
 * @param colour           whether output may be in colour
 * @param liveProgress     whether output may rewrite a progress line
 * @param properties       the client's {@code kvmforge.*} system properties (the interrupt grace period)
 */
record Request(String identity, List<String> args, String workingDirectory, Map<String, String> environment,
               boolean terminal, boolean colour, boolean liveProgress, Map<String, String> properties) {

    Request {
        args = List.copyOf(args);
        environment = Map.copyOf(environment);
        properties = Map.copyOf(properties);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(identity);
            writeList(out, args);
            out.writeUTF(workingDirectory);
            writeMap(out, environment);
            out.writeBoolean(terminal);
            out.writeBoolean(colour);
            out.writeBoolean(liveProgress);
            writeMap(out, properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Request decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        return new Request(in.readUTF(), readList(in), in.readUTF(), readMap(in), in.readBoolean(), in.readBoolean(),
                in.readBoolean(), readMap(in));
    }

    /** Strings of any length (an environment value may be longer than writeUTF's 64 KiB). */
    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeList(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            writeString(out, s);
        }
    }

    private static List<String> readList(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(readString(in));
        }
        return list;
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }
}
