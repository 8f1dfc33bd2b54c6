package org.trustmall.commerce.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.money.Money;

class RateTableTest {
    private final RateTable defaults = RateTable.defaults();

    @Test
    void theMostSpecificRateInTheOrdersCurrencyWins() {
        assertEquals("CN-BJ", defaults.find("CN", "CN-BJ", "CNY").orElseThrow().region());
        assertEquals("", defaults.find("CN", "CN-XJ", "CNY").orElseThrow().region());
        assertEquals("CN", defaults.find("CN", null, "CNY").orElseThrow().country());
        assertEquals(725, defaults.find("US", "US-CA", "USD").orElseThrow().taxBasisPoints());
        assertEquals(0, defaults.find("US", "US-NY", "USD").orElseThrow().taxBasisPoints());
        assertEquals("*", defaults.find("CN", "CN-BJ", "USD").orElseThrow().country());
        assertEquals("*", defaults.find("FR", null, "CNY").orElseThrow().country());
        assertEquals(Optional.empty(), defaults.find("FR", null, "EUR"));
    }

    @Test
    void totalsAreExactInMinorUnits() {
        RateTable.Rate beijing = defaults.find("CN", "CN-BJ", "CNY").orElseThrow();
        Totals t = Totals.of(List.of(Money.of(12_345, "CNY"), Money.of(1, "CNY")), 4, beijing);
        assertEquals(Money.of(12_346, "CNY"), t.subtotal());
        assertEquals(Money.of(600 + 4 * 100, "CNY"), t.shipping());
        assertEquals(Money.of(1_605, "CNY"), t.tax()); // 1604.98 rounds up
        assertEquals(Money.of(12_346 + 1_000 + 1_605, "CNY"), t.total());
    }

    @Test
    void aRateFileIsReadWithItsHeaderAndComments(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rates.csv");
        Files.writeString(file, """
                # TrustMall rates
                country,region,currency,shipping_flat,shipping_per_item,tax_bp
                DE,,EUR,490,100,1900
                DE,DE-BY,EUR,390,100,1900

                *,*,EUR,1500,300,0
                """);
        RateTable table = RateTable.load(file);
        assertEquals(3, table.rates().size());
        assertEquals(390, table.find("DE", "DE-BY", "EUR").orElseThrow().shippingFlat());
        assertEquals(1500, table.find("JP", null, "EUR").orElseThrow().shippingFlat());
    }

    @Test
    void aBadRowIsReportedWithItsRowAndColumn() {
        CommerceException.InvalidInput e = assertThrows(CommerceException.InvalidInput.class,
                () -> RateTable.parse("rates.csv", List.of(RateTable.HEADER, "CN,,CNY,800,200,13%")));
        assertEquals("rates.csv row 2 tax_bp", e.field());
        CommerceException.InvalidInput columns = assertThrows(CommerceException.InvalidInput.class,
                () -> RateTable.parse("rates.csv", List.of(RateTable.HEADER, "CN,CNY,800")));
        assertEquals("rates.csv row 2", columns.field());
        CommerceException.InvalidInput region = assertThrows(CommerceException.InvalidInput.class,
                () -> RateTable.parse("rates.csv", List.of(RateTable.HEADER, "CN,US-CA,CNY,1,1,1")));
        assertTrue(region.getMessage().contains("row 2"), region.getMessage());
        assertThrows(CommerceException.InvalidInput.class,
                () -> RateTable.parse("rates.csv", List.of("CN,,CNY,800,200,1300")));
        assertThrows(IllegalArgumentException.class,
                () -> RateTable.parse("rates.csv", List.of(RateTable.HEADER, "CN,,CNY,1,1,1", "CN,,CNY,2,2,2")));
    }
}
