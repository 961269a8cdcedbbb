/**
 * The one YAML reading configuration: a tree of maps, lists and scalars that remembers where each came from, with
 * duplicate keys refused and anchors replayed, and the one Jackson mapper that binds plain values to records.
 *
 * <p>Imports only {@code error}.
 */
package dev.kvmforge.runner.yaml;
