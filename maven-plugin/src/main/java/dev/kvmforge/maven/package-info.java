/** The {@code kvm} Maven plugin: goals {@code provision} and {@code verify}. A door: imports the runner, never the reverse. */
package dev.kvmforge.maven;
