package dev.sift.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextSketchTest {
    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    @Test
    void isSixteenNumbersOfUnitLengthTheSameEveryTime() {
        float[] sketch = TextSketch.of("房间干净，服务热情");
        assertEquals(TextSketch.DIMENSIONS, sketch.length);
        assertEquals(1.0, cosine(sketch, sketch), 1e-6);
        assertArrayEquals(sketch, TextSketch.of("房间干净，服务热情"));
        assertArrayEquals(new float[16], TextSketch.of(" \n"), "no characters, no direction");
    }

    @Test
    void readsTextsAsNfkcAndIgnoresWhitespace() {
        assertArrayEquals(TextSketch.of("WiFi很差"), TextSketch.of("ＷｉＦｉ很差"));
        assertArrayEquals(TextSketch.of("很差"), TextSketch.of(" 很差\n"));
    }

    @Test
    void textsThatShareCharactersAreCloserThanTextsThatDoNot() {
        float[] hotel = TextSketch.of("酒店房间很干净，前台服务热情，早餐丰富");
        float[] hotelToo = TextSketch.of("房间干净，酒店前台服务也很热情");
        float[] other = TextSketch.of("the battery died after two days of use");
        assertTrue(cosine(hotel, hotelToo) > cosine(hotel, other) + 0.2,
                cosine(hotel, hotelToo) + " vs " + cosine(hotel, other));
    }
}
