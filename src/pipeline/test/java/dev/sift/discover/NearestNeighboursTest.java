package dev.sift.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class NearestNeighboursTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void shouldFindTheSameNeighboursAsSortingEverySimilarity_withoutTheQueryItself() {
        Embeddings vectors = SyntheticVectors.flat(SyntheticVectors.around(4, 150, 24, 0.8, 7));
        int[] all = IntStream.range(0, vectors.size()).toArray();
        NearestNeighbours knn = NearestNeighbours.search(vectors, all, all, 5, 2, new ProgressBar("t", all.length, "t", QUIET));
        assertEquals(5, knn.count());
        for (int q : new int[] {0, 1, 77, 599}) {
            int query = q;
            int[] expected = IntStream.range(0, vectors.size()).filter(r -> r != query).boxed()
                    .sorted(Comparator.comparingDouble((Integer r) -> -vectors.dot(query, r))).limit(5)
                    .mapToInt(Integer::intValue).toArray();
            for (int j = 0; j < 5; j++) {
                assertEquals(expected[j], knn.position(q, j), "query " + q + " neighbour " + j);
                assertEquals(vectors.dot(q, expected[j]), knn.similarity(q, j), 1e-5);
                assertNotEquals(q, knn.position(q, j));
            }
        }
    }

    @Test
    void shouldAnswerPositionsInTheReferenceArray_andCapTheCountAtWhatItHolds() {
        Embeddings vectors = SyntheticVectors.flat(SyntheticVectors.around(2, 5, 8, 0.1, 3));
        int[] reference = {9, 2, 4}; // rows 2, 4 in group 0; row 9 in group 1
        NearestNeighbours knn = NearestNeighbours.search(vectors, new int[] {0, 4}, reference, 10, 1,
                new ProgressBar("t", 2, "t", QUIET));
        assertEquals(2, knn.count(), "3 reference rows, one of which may be the query itself");
        assertTrue(knn.position(0, 0) == 1 || knn.position(0, 0) == 2, "row 0's nearest is in its own group");
        assertEquals(1, knn.position(1, 0), "row 4 skips itself: its nearest is row 2, at position 1");
        assertEquals(0, knn.position(1, 1));
    }
}
