/**
 * The one YAML reading configuration: a tree of maps, lists and scalars that remembers where each came from, with
 * duplicate keys refused and anchors replayed, and the one Jackson mapper that binds plain values to records (booleans read as Ansible reads them: {@code yes},
 * {@code no}, {@code on}, {@code off}, {@code 1}, {@code 0}, for every binding, check specs included).
 *
 * <p>Imports only {@code error}.
 */
package dev.kvmforge.runner.yaml;
