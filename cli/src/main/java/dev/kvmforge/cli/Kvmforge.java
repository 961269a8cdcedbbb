package dev.kvmforge.cli;

/** Entry point of the {@code kvmforge} command. */
public final class Kvmforge {

    private Kvmforge() {
    }

    public static void main(String[] args) {
        System.out.println("kvmforge 0.1.0-SNAPSHOT");
    }
}
