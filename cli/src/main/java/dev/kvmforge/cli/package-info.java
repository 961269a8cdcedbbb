/** The {@code kvmforge} command (picocli): one annotated class per subcommand. A door over the runner. */
package dev.kvmforge.cli;
