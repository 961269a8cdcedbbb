/**
 * Throwaway hosts for tests: {@link dev.kvmforge.testkit.LoopbackSshd} runs a real OpenSSH sshd on a loopback
 * address with its own host keys, client keys and test user, so SSH code is tested against the server it meets in
 * the field.
 *
 * <p>Depends only on the JUnit API and the JDK; never on kvmforge's runner, so users can test their playbooks with it
 * too.
 */
package dev.kvmforge.testkit;
