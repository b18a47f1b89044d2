package dev.sift.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a text into the units occlusion removes one at a time, as UTF-16 ranges of the original
 * string. Whole grapheme clusters ({@code \X}: an emoji with its skin tone, variation selector or
 * ZWJ sequence, a flag, a keycap, a letter with its combining marks) are never split, so no unit
 * boundary falls inside a surrogate pair. The kinds of unit follow what the encoder reads:
 * <ul>
 * <li><b>CJK</b> (Han, kana): runs are cut into units of two characters from the start of the run,
 *     the last one of one character when the run is odd. The encoder reads one token per CJK
 *     character, so one character is the finest change it can see; but most Chinese words are two
 *     characters (干净, 热情, 早餐), and removing one of them leaves the other, which often still
 *     carries the meaning (早 of 早餐), so single characters understate what a word does. There is
 *     no word segmenter in sift-core; pairs from the start of the run (punctuation ends a run, and
 *     reviews are short clauses) match word boundaries often enough, and where a pair straddles two
 *     words the span still names the characters the weight belongs to.</li>
 * <li><b>Words</b>: a run of other letters and digits (Latin, full-width ＡＢＣ and １２３, Cyrillic,
 *     Hangul…), as the tokenizer's pre-tokenizer splits them.</li>
 * <li><b>Symbols</b>: punctuation, an emoji, any other non-space cluster; a repetition of the same
 *     cluster (！！！, 😊😊) is one unit, one gesture.</li>
 * </ul>
 * White space (and an invisible format or control character standing alone, such as U+200B) is never
 * a unit: removing it changes nothing the encoder reads, except joining words.
 */
public final class TextUnits {
    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    /** A half-open UTF-16 range [start, end) of the original text. */
    public record Unit(int start, int end) {
    }

    private enum Kind { SPACE, CJK, WORD, SYMBOL }

    private TextUnits() {
    }

    /** The units of {@code text}, in order, disjoint, none empty. */
    public static List<Unit> of(String text) {
        List<Unit> units = new ArrayList<>();
        Matcher clusters = GRAPHEME.matcher(text);
        Kind runKind = Kind.SPACE;
        int runStart = 0;
        int runEnd = 0;
        int clustersInRun = 0;
        String firstCluster = "";
        while (clusters.find()) {
            int start = clusters.start();
            int end = clusters.end();
            Kind kind = kindOf(text, start, end);
            boolean continues = kind == runKind && switch (kind) {
                case WORD -> true;
                case CJK -> clustersInRun < 2;
                case SYMBOL -> firstCluster.equals(clusters.group());
                case SPACE -> false;
            };
            if (!continues) {
                if (runKind != Kind.SPACE) {
                    units.add(new Unit(runStart, runEnd));
                }
                runKind = kind;
                runStart = start;
                clustersInRun = 0;
                firstCluster = clusters.group();
            }
            runEnd = end;
            clustersInRun++;
        }
        if (runKind != Kind.SPACE) {
            units.add(new Unit(runStart, runEnd));
        }
        return units;
    }

    private static Kind kindOf(String text, int start, int end) {
        int first = text.codePointAt(start);
        if (isSpace(text, start, end)) {
            return Kind.SPACE;
        }
        if (isEmojiSequence(text, start, end)) {
            return Kind.SYMBOL; // 1️⃣ starts with a digit, but it is a keycap emoji
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(first);
        if (script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA) {
            return Character.isLetter(first) || Character.isIdeographic(first) ? Kind.CJK : Kind.SYMBOL;
        }
        return Character.isLetterOrDigit(first) ? Kind.WORD : Kind.SYMBOL;
    }

    private static boolean isSpace(String text, int start, int end) {
        for (int i = start; i < end;) {
            int c = text.codePointAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c) && Character.getType(c) != Character.CONTROL
                    && Character.getType(c) != Character.FORMAT) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    /** A cluster with an emoji presentation selector (U+FE0F) or a keycap (U+20E3). */
    private static boolean isEmojiSequence(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\uFE0F' || c == '\u20E3') {
                return true;
            }
        }
        return false;
    }
}
