package dev.sift.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClusterAgreementTest {
    @Test
    void shouldMatchScikitLearn_onAMixedClustering() {
        // sklearn 1.2.1: normalized_mutual_info_score / adjusted_rand_score of these two lists
        ClusterAgreement a = ClusterAgreement.of(new int[] {0, 0, 1, 1, 2, 2, 2, 0},
                List.of("a", "a", "a", "b", "b", "b", "c", "c"));
        assertEquals(0.3987478202411473, a.nmi(), 1e-12);
        assertEquals(0.047619047619047616, a.ari(), 1e-12);
    }

    @Test
    void shouldBeOne_whenClustersAreTheLabelsRenamed() {
        ClusterAgreement a = ClusterAgreement.of(new int[] {2, 2, 0, 0, 1}, List.of("x", "x", "y", "y", "z"));
        assertEquals(1.0, a.nmi(), 1e-12);
        assertEquals(1.0, a.ari(), 1e-12);
    }
}
