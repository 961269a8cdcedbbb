/** Throwaway hosts for tests: a real OpenSSH sshd on loopback addresses, and Debian containers. */
package dev.kvmforge.testkit;
