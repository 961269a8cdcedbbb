/**
 * The one event stream of a run: every step the executor takes is an {@link dev.kvmforge.runner.event.Event}.
 * Reporters and the doors (CLI, Maven plugin, Java API) only consume events; the executor knows none of them. A run's
 * passwords and passphrases are masked in every event before any listener sees it
 * ({@link dev.kvmforge.runner.event.SecretMask}).
 *
 * <p>Imports {@code modules} (for diffs and changes) and {@code error}.
 */
package dev.kvmforge.runner.event;
