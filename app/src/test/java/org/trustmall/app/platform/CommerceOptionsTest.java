package org.trustmall.app.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.app.Cli;
import org.trustmall.commerce.CommerceConfig;

/** The operator's commerce rules on {@code serve} and {@code demo}: parsed, or refused naming the option. */
class CommerceOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void aThresholdIsNumeratorOverDenominator() {
        assertEquals(new CommerceConfig.Threshold(2, 3), CommerceOptions.threshold("2/3"));
        assertEquals(new CommerceConfig.Threshold(3, 4), CommerceOptions.threshold(" 3 / 4 "));
    }

    @Test
    void outOfRangeRulesAreUsageErrorsNamingTheOptionAndTouchNothing() {
        Path data = tmp.resolve("data");
        for (String[] bad : new String[][] {
            {"--dispute-threshold", "3/2"}, {"--dispute-threshold", "two thirds"}, {"--dispute-threshold", "0/3"},
            {"--dispute-panel", "0"}, {"--return-window-days", "0"}, {"--escrow-timeout-days", "401"},
            {"--risk-hold-threshold", "0"}, {"--risk-hold-threshold", "1.5"}}) {
            Cli r = Cli.run("serve", "--data-dir", data.toString(), "--port", "0", bad[0], bad[1]);
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().contains(bad[0]), r::toString);
            assertFalse(r.err().contains("Exception"), r::toString);
        }
        assertFalse(Files.exists(data), "a refused start creates no data directory");
    }
}
