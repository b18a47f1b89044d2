package dev.sift.feedback;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces personal data in feedback text before it is stored: e-mail addresses ({@code [EMAIL]}),
 * mainland-China resident ID numbers ({@code [ID]}), bank card numbers ({@code [CARD]}) and
 * mainland-China mobile numbers ({@code [PHONE]}), in that order, so that a longer number is
 * judged before a shorter pattern could take part of it.
 *
 * <p>Numbers count only as whole digit runs (never part of a longer run) and only when they pass the
 * check their issuer defines, which is what keeps order numbers, prices, dates and timestamps:
 * <ul>
 * <li>ID: 17 digits + a digit or X, a real birth date (1900 to today) at digits 7–14, and the
 * ISO 7064 MOD 11-2 check character.</li>
 * <li>Card: 13–19 digits starting with 3–6 (JCB/Amex, Visa, Mastercard, UnionPay/Discover),
 * contiguous or in 4-digit groups (or Amex 4-6-5) separated by one kind of space or dash, passing
 * Luhn. A contiguous run that happens to look like that is redacted too: one in ten such runs
 * passes Luhn by chance.</li>
 * <li>Phone: 1[3-9] and 9 more digits, contiguous or 3-4-4 with spaces or dashes, optionally after
 * +86, 0086 or 86.</li>
 * </ul>
 * Full-width digits and letters (１３８…, ＠) are matched like ASCII ones, since Chinese input methods
 * produce both.
 */
public final class Redactor {
    /** What was stored instead of the input, and which kinds were replaced (in the order above). */
    public record Result(String text, List<String> kinds) {
    }

    private record Rule(String kind, String token, Pattern pattern, Predicate<String> check) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("email", "[EMAIL]",
                    Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"), any -> true),
            new Rule("id", "[ID]", Pattern.compile("(?<!\\d)[1-9]\\d{16}[0-9Xx](?!\\d)"), Redactor::isResidentId),
            new Rule("card", "[CARD]", Pattern.compile("(?<!\\d)(?:[3-6]\\d{12,18}"
                    + "|[3-6]\\d{3}([ -])\\d{4}(?:\\1\\d{4}){1,2}(?:\\1\\d{1,4})?"
                    + "|3\\d{3}([ -])\\d{6}\\2\\d{5})(?!\\d)"), Redactor::isCardNumber),
            new Rule("phone", "[PHONE]",
                    Pattern.compile("(?<!\\d)(?:(?:\\+|00)?86[ -]?)?1[3-9]\\d(?:\\d{8}|([ -])\\d{4}\\1\\d{4})(?!\\d)"),
                    any -> true));

    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";

    private Redactor() {
    }

    public static Result redact(String text) {
        StringBuilder original = new StringBuilder(text);
        StringBuilder folded = new StringBuilder(foldWidth(text));
        List<String> kinds = new ArrayList<>();
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(folded);
            List<int[]> spans = new ArrayList<>();
            while (m.find()) {
                if (rule.check().test(m.group())) {
                    spans.add(new int[] {m.start(), m.end()});
                }
            }
            for (int i = spans.size() - 1; i >= 0; i--) { // from the end, so earlier offsets stay valid
                int[] span = spans.get(i);
                original.replace(span[0], span[1], rule.token());
                folded.replace(span[0], span[1], rule.token());
            }
            if (!spans.isEmpty()) {
                kinds.add(rule.kind());
            }
        }
        return new Result(original.toString(), List.copyOf(kinds));
    }

    /** Full-width ASCII forms (U+FF01–FF5E) and the ideographic space mapped one to one, so offsets match. */
    private static String foldWidth(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= '\uFF01' && c <= '\uFF5E') {
                chars[i] = (char) (c - 0xFEE0);
            } else if (c == '\u3000') {
                chars[i] = ' ';
            }
        }
        return new String(chars);
    }

    static boolean isResidentId(String id) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        if (Character.toUpperCase(id.charAt(17)) != ID_CHECK.charAt(sum % 11)) {
            return false;
        }
        try {
            LocalDate birth = LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)),
                    Integer.parseInt(id.substring(12, 14)));
            return birth.getYear() >= 1900 && !birth.isAfter(LocalDate.now());
        } catch (DateTimeException e) {
            return false;
        }
    }

    static boolean isCardNumber(String candidate) {
        String digits = candidate.replaceAll("[ -]", "");
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
