/**
 * libvirt's configuration file format ({@code libvirtd.conf}, {@code qemu.conf}, {@code virtproxyd.conf}...) read
 * as libvirt's own parser reads it: {@code name = value} statements separated by new lines or {@code ;}, values that
 * are numbers, strings in {@code "..."}, {@code '...'} or {@code """..."""}, or lists {@code [ ..., ... ]} that may span
 * lines, {@code #} comments, and the first of two settings of one name winning.
 *
 * <p>Imports the runner's {@code error} only.
 */
package dev.kvmforge.checks.conf;
