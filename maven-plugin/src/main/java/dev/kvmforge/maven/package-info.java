/**
 * The {@code kvm} Maven plugin: goals {@code provision} (a playbook run, printed through Maven's log in the CLI's
 * shape), {@code verify} (the checks; waits for the checks engine) and {@code help} (generated). A door, as the CLI
 * is: it imports the runner's public API, its reporters and {@code error}, and {@code dev.kvmforge.playbooks} to find
 * a playbook by file or shipped name; nothing imports this package.
 */
package dev.kvmforge.maven;
