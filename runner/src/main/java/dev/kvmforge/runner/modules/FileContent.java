package dev.kvmforge.runner.modules;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The bytes a file should hold, compared with the host's file by SHA-256 (computed here and by {@code sha256sum}
 * there), and shown as text in {@code --diff} when it is text.
 *
 * @param bytes the content
 */
record FileContent(byte[] bytes) {

    /** Files larger than this are not shown in {@code --diff}. */
    static final int DIFF_LIMIT = 512 * 1024;

    static FileContent of(String text) {
        return new FileContent(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The SHA-256 of the content, in hex, as {@code sha256sum} prints it. */
    String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-1, as Ansible's {@code checksum} return value has it. */
    String sha1() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The content as text for {@code --diff}, or a one-line note for binary or very large content. */
    String shown() {
        if (bytes.length > DIFF_LIMIT) {
            return "(" + bytes.length + " bytes, too large to show)\n";
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return s.indexOf('\0') >= 0 ? "(binary, " + bytes.length + " bytes)\n" : s;
        } catch (CharacterCodingException e) {
            return "(binary, " + bytes.length + " bytes)\n";
        }
    }
}
