/** Host verification checks: a JUnit Platform TestEngine over inventory hosts and a check catalogue. */
package dev.kvmforge.checks;
