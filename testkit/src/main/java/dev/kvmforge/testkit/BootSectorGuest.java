package dev.kvmforge.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The smallest guest there is: a 512-byte boot sector, x86 real-mode code written out by hand, that prints
 * {@value #MARKER} to the first serial port (COM1, I/O port 0x3f8) and halts. The BIOS loads it at 0000:7c00.
 *
 * <p>A test that finds the marker in a VM's serial log knows the guest really ran: use the raw image as a disk, or as
 * the backing file of a qcow2 disk.
 */
public final class BootSectorGuest {

    /** What the guest writes to its serial console. */
    public static final String MARKER = "KVMFORGE-GUEST-OK";

    private static final int LOAD_ADDRESS = 0x7c00;
    private static final int MESSAGE_OFFSET = 0x23;

    private static final byte[] CODE = bytes(
            0xFA,             // 00      cli                 no interrupts: nothing here handles them
            0xFC,             // 01      cld                 lodsb counts upwards
            0x31, 0xC0,       // 02      xor ax, ax
            0x8E, 0xD8,       // 04      mov ds, ax          DS = 0, so [si] is an absolute address
            0xBE, (LOAD_ADDRESS + MESSAGE_OFFSET) & 0xFF, (LOAD_ADDRESS + MESSAGE_OFFSET) >> 8,
                              // 06      mov si, 0x7c23      the message, at its load address
            0xAC,             // 09 next: lodsb              al = [si++]
            0x84, 0xC0,       // 0a      test al, al
            0x74, 0x12,       // 0c      jz done (0x20)      a NUL ends the message
            0x88, 0xC4,       // 0e      mov ah, al          keep the character while polling
            0xBA, 0xFD, 0x03, // 10      mov dx, 0x3fd       COM1 line status register
            0xEC,             // 13 wait: in al, dx
            0xA8, 0x20,       // 14      test al, 0x20       transmit holding register empty?
            0x74, 0xFB,       // 16      jz wait (0x13)
            0xBA, 0xF8, 0x03, // 18      mov dx, 0x3f8       COM1 data register
            0x88, 0xE0,       // 1b      mov al, ah
            0xEE,             // 1d      out dx, al          send the character
            0xEB, 0xE9,       // 1e      jmp next (0x09)
            0xF4,             // 20 done: hlt
            0xEB, 0xFD);      // 21      jmp done (0x20)     stay halted; the VM keeps running

    private BootSectorGuest() {
    }

    /** The boot sector: code, message at 0x23, zeros, and the boot signature 55 aa at 510. */
    public static byte[] bootSector() {
        byte[] sector = new byte[512];
        System.arraycopy(CODE, 0, sector, 0, CODE.length);
        byte[] message = (MARKER + "\r\n\0").getBytes(StandardCharsets.US_ASCII);
        if (CODE.length != MESSAGE_OFFSET) {
            throw new IllegalStateException("the code is " + CODE.length + " bytes; the message must follow it");
        }
        System.arraycopy(message, 0, sector, MESSAGE_OFFSET, message.length);
        sector[510] = 0x55;
        sector[511] = (byte) 0xAA;
        return sector;
    }

    /** Writes a 1 MiB raw disk image that boots the guest. */
    public static Path writeRawImage(Path file) {
        byte[] disk = new byte[1 << 20];
        System.arraycopy(bootSector(), 0, disk, 0, 512);
        try {
            return Files.write(file, disk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
