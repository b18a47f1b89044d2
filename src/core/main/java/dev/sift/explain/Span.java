package dev.sift.explain;

/**
 * A stretch of the original text and how much it moved the explained label's probability.
 *
 * @param start  first UTF-16 code unit, an index into the text as sent (a Java or JavaScript string index)
 * @param end    one past the last; {@code text.substring(start, end)} is {@link #text}, never half a surrogate pair
 * @param text   the stretch itself
 * @param weight the explained label's probability with the text minus its probability without this
 *               stretch: &gt; 0 it pushed the label up, &lt; 0 down
 */
public record Span(int start, int end, String text, double weight) {
}
