package dev.kvmforge.runner.template;

/**
 * How a template file is written, as the {@code template} module's options set Jinja2's environment: the marks of
 * expressions, statements and comments, and whitespace control. {@link #ANSIBLE} is Ansible's default:
 * {@code {{ }}}, {@code {% %}}, {@code {# #}}, trim_blocks on, lstrip_blocks off.
 *
 * @param variableStart the mark that opens an expression
 * @param variableEnd   the mark that closes it
 * @param blockStart    the mark that opens a statement
 * @param blockEnd      the mark that closes it
 * @param commentStart  the mark that opens a comment
 * @param commentEnd    the mark that closes it
 * @param trimBlocks    the newline after a statement is dropped
 * @param lstripBlocks  blanks before a statement on its line are dropped
 */
public record TemplateSyntax(String variableStart, String variableEnd, String blockStart, String blockEnd,
                             String commentStart, String commentEnd, boolean trimBlocks, boolean lstripBlocks) {

    /** Ansible's template defaults. */
    public static final TemplateSyntax ANSIBLE = new TemplateSyntax("{{", "}}", "{%", "%}", "{#", "#}", true, false);

    public TemplateSyntax {
        for (String mark : new String[] {variableStart, variableEnd, blockStart, blockEnd, commentStart, commentEnd}) {
            if (mark == null || mark.isEmpty()) {
                throw new IllegalArgumentException("a template mark cannot be empty");
            }
        }
    }

    /** Whether the marks are Jinja2's own (only whitespace control may differ). */
    boolean standardMarks() {
        return variableStart.equals("{{") && variableEnd.equals("}}") && blockStart.equals("{%")
                && blockEnd.equals("%}") && commentStart.equals("{#") && commentEnd.equals("#}");
    }
}
