/**
 * The {@code kvm} Maven plugin: goals {@code provision} (a playbook run, printed through Maven's log in the CLI's
 * shape), {@code verify} (the host checks through {@code VerificationRun} and the checks' {@code ReportSet}, printed the
 * same way, with JUnit XML and JSON reports) and {@code help} (generated). A door, as the CLI is: it imports the
 * runner's public API, its reporters and {@code error}, the checks' root package, {@code model} and {@code report},
 * and {@code dev.kvmforge.playbooks} to find a playbook by file or shipped name; nothing imports this package.
 */
package dev.kvmforge.maven;
