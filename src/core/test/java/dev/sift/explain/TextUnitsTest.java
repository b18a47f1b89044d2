package dev.sift.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sift.explain.TextUnits.Unit;

class TextUnitsTest {

    private static List<String> units(String text) {
        return TextUnits.of(text).stream().map(u -> text.substring(u.start(), u.end())).toList();
    }

    @Test
    void cutsCjkRunsIntoPairsFromTheStartOfEachClause() {
        assertEquals(List.of("房间", "干净", "，", "服务", "热情", "，", "但是", "早餐", "太差", "了"),
                units("房间干净，服务热情，但是早餐太差了"));
    }

    @Test
    void keepsRunsOfLettersOrDigitsWholeAndSkipsWhiteSpace() {
        assertEquals(List.of("very", "good", "hotel", "WiFi", "很好", "5", "星"), units("very good  hotel\tWiFi很好 5星"));
    }

    @Test
    void treatsFullWidthLettersAndDigitsAsWords() {
        assertEquals(List.of("ＡＢＣ", "很好", "１２３", "ｗｉ", "－", "ｆｉ"), units("ＡＢＣ很好１２３ ｗｉ－ｆｉ"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "👨‍👩‍👧好         | 👨‍👩‍👧,好",
            "👍🏽很好       | 👍🏽,很好",
            "很好😊😊😊     | 很好,😊😊😊",
            "😊👍           | 😊,👍",
            "🇨🇳中国        | 🇨🇳,中国",
            "1️⃣号房       | 1️⃣,号房",
            "❤️ok           | ❤️,ok",
            "好！！！真的?!  | 好,！！！,真的,?,!",
            "𠮷野家的       | 𠮷野,家的",
            "café ok        | café,ok",
    })
    void keepsGraphemeClustersWholeAndRepeatsOfOneSymbolTogether(String text, String expected) {
        assertEquals(List.of(expected.split(",")), units(text));
    }

    @Test
    void unitsAreOrderedDisjointAndCoverEveryNonSpaceCharacterWithoutSplittingASurrogatePair() {
        String[] pieces = {"好", "差", "很", "𠮷", "a", "Z", "９", "Ｂ", " ", "\t", "，", "！", "😊", "👍🏽", "👨‍👩‍👧",
                "🇨🇳", "1️⃣", "e\u0301", "\u200B", "あ", "カ", "한", "ß", "-"};
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(30); i >= 0; i--) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = b.toString();
            List<Unit> units = TextUnits.of(text);
            boolean[] covered = new boolean[text.length()];
            int previousEnd = 0;
            for (Unit u : units) {
                assertTrue(u.start() >= previousEnd && u.end() > u.start(), text + ": " + units);
                assertFalse(Character.isLowSurrogate(text.charAt(u.start())), text + ": " + u);
                assertTrue(u.end() == text.length() || !Character.isLowSurrogate(text.charAt(u.end())), text + ": " + u);
                for (int i = u.start(); i < u.end(); i++) {
                    covered[i] = true;
                }
                previousEnd = u.end();
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                assertTrue(covered[i] || Character.isWhitespace(c) || c == '\u200B', text + ": " + i + " is in no unit");
            }
        }
    }
}
