package org.trustmall.ai.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextEncoderTest {
    private static final List<String> SENTENCES = List.of(
            "A man is playing a guitar.",
            "Nitrile examination gloves, powder free, size medium, box of 100",
            "Someone plays an acoustic guitar on stage.",
            "The stock market fell sharply today.",
            "Digital caliper with LCD display, stainless steel, 6 inch",
            "Lab safety goggles");

    private static TextEncoder encoder;

    @BeforeAll
    static void open() {
        encoder = TextEncoder.open(EncoderModel.allMiniLmL6V2(), 4, Runtime.getRuntime().availableProcessors());
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void eachTextAloneGivesLangchain4jsMiniLmVectorAndBatchesStayClose() {
        AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
        float[][] batched = encoder.embed(SENTENCES);
        assertEquals(384, encoder.dimension());
        for (int i = 0; i < SENTENCES.size(); i++) {
            float[] theirs = reference.embed(SENTENCES.get(i)).content().vector();
            double norm = Math.sqrt(dot(theirs, theirs));
            float[] alone = encoder.embed(SENTENCES.get(i));
            assertEquals(384, alone.length);
            assertTrue(dot(alone, theirs) / norm > 0.999, SENTENCES.get(i) + ": cosine " + dot(alone, theirs) / norm);
            // The quantised model scales activations per batch, so batch-mates and padding move the last digits.
            assertTrue(dot(batched[i], theirs) / norm > 0.98, SENTENCES.get(i) + ": batched cosine "
                    + dot(batched[i], theirs) / norm);
        }
    }

    @Test
    void vectorsAreUnitLength() {
        for (float[] v : encoder.embed(SENTENCES)) {
            assertEquals(1.0, dot(v, v), 1e-5);
        }
    }

    @Test
    void sentencesAboutTheSameThingScoreHigherThanUnrelatedOnes() {
        float[][] v = encoder.embed(SENTENCES);
        double guitars = dot(v[0], v[2]);
        assertTrue(guitars > dot(v[0], v[3]) + 0.3, "guitar vs guitar " + guitars + ", vs stocks " + dot(v[0], v[3]));
        assertTrue(dot(v[1], v[5]) > dot(v[1], v[3]), "gloves are closer to goggles than to stocks");
        assertTrue(guitars > dot(v[0], v[4]));
    }

    @Test
    void theSameListAlwaysGivesTheSameVectors() {
        float[][] first = encoder.embed(SENTENCES);
        float[][] again = encoder.embed(SENTENCES);
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], again[i]);
        }
        float[][] reversed = encoder.embed(new ArrayList<>(SENTENCES).reversed());
        for (int i = 0; i < first.length; i++) {
            assertTrue(dot(first[i], reversed[first.length - 1 - i]) > 0.98, "the same text, other batch-mates");
        }
    }

    @Test
    void batchesAreOrderedByLengthPaddedToTheirLongestAndMasked() {
        List<TextEncoder.TokenBatch> batches = encoder.tokenize(SENTENCES);
        assertEquals(2, batches.size());
        assertEquals(4, batches.get(0).rows());
        assertEquals(2, batches.get(1).rows());
        assertTrue(batches.get(0).columns() <= batches.get(1).columns());
        TextEncoder.TokenBatch shortest = batches.get(0);
        assertEquals(5, shortest.positions()[0], "'Lab safety goggles' is the shortest");
        long real = 0;
        for (long m : shortest.mask()) {
            real += m;
        }
        assertTrue(real < (long) shortest.rows() * shortest.columns(), "shorter rows are padded");
        assertEquals(101, shortest.ids()[0], "[CLS] first");
    }

    @Test
    void longTextsAreCutAtTheModelsTokenLimit() {
        String longText = "precision laboratory balance ".repeat(400);
        List<TextEncoder.TokenBatch> batches = encoder.tokenize(List.of(longText));
        assertEquals(256, batches.get(0).columns());
        assertEquals(1.0, dot(encoder.embed(longText), encoder.embed(longText)), 1e-5);
    }

    @Test
    void theCacheEncodesEachDistinctTextOnceAndGivesTheSameVectors() {
        List<List<String>> calls = new ArrayList<>();
        TextEmbedder counting = new TextEmbedder() {
            @Override
            public String name() {
                return encoder.name();
            }

            @Override
            public int dimension() {
                return encoder.dimension();
            }

            @Override
            public float[][] embed(List<String> texts) {
                calls.add(texts);
                return encoder.embed(texts);
            }
        };
        EmbeddingCache cache = new EmbeddingCache(counting, 1000);
        float[][] first = cache.embed(List.of("gloves", "goggles", "gloves"));
        float[][] second = cache.embed(List.of("goggles", "beaker", "gloves"));
        assertEquals(List.of(List.of("gloves", "goggles"), List.of("beaker")), calls);
        assertArrayEquals(first[0], first[2]);
        assertArrayEquals(first[0], second[2]);
        assertArrayEquals(first[1], second[0]);
        assertEquals(3, cache.size());
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
