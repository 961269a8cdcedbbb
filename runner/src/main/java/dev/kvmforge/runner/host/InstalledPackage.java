package dev.kvmforge.runner.host;

/**
 * A package as the host's package database has it.
 *
 * @param name      the package name
 * @param manager   {@code dpkg} or {@code rpm}; empty when the host has neither
 * @param installed it is installed
 * @param version   its version when installed ({@code 8.0.0-2}, {@code 1:7.2+dfsg-7}); empty otherwise
 */
public record InstalledPackage(String name, String manager, boolean installed, String version) {
}
