package org.trustmall.data.normalise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named features fitted on a training set and applied, after a trip through a file, to new rows. */
class FeatureNormaliserTest {
    @TempDir
    Path dir;

    @Test
    void eachFeatureIsScaledByItsOwnTrainingMeanAndPopulationStd() {
        FeatureNormaliser n = FeatureNormaliser.fit(List.of("price", "events"),
                List.of(new double[] {10, 1}, new double[] {20, 1}, new double[] {30, 1}));
        assertEquals(20, n.stats("price").mean());
        assertEquals(Math.sqrt(200.0 / 3), n.stats("price").std(), 1e-12);
        assertArrayEquals(new double[] {10 / Math.sqrt(200.0 / 3), 0}, n.apply(new double[] {30, 7}), 1e-12);
    }

    @Test
    void statsWrittenBesideASnapshotServeNewRowsIdentically() {
        FeatureNormaliser trained = FeatureNormaliser.fit(List.of("price", "recency_days", "user_events"),
                List.of(new double[] {9.99, 0.1, 3}, new double[] {0.3, 12.5, 40}, new double[] {1e4 / 3, 7, 1}));
        Path file = dir.resolve("normalisation.json");
        trained.write(file);

        FeatureNormaliser served = FeatureNormaliser.read(file);

        assertEquals(trained.features(), served.features());
        double[] row = {42.42, 3.3, 17};
        assertArrayEquals(trained.apply(row), served.apply(row), 0.0);
        for (String f : trained.features()) {
            assertEquals(trained.stats(f), served.stats(f));
        }
    }

    @Test
    void aRowOfTheWrongWidthOrAnUnknownFeatureIsRejected() {
        FeatureNormaliser n = FeatureNormaliser.fit(List.of("a"), List.of(new double[] {1}, new double[] {2}));
        assertThrows(IllegalArgumentException.class, () -> n.apply(new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> n.apply("b", 1));
        assertThrows(IllegalArgumentException.class,
                () -> FeatureNormaliser.fit(List.of("a", "a"), List.of(new double[] {1, 2})));
    }
}
