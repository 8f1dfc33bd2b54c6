package org.trustmall.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.app.Cli;
import org.trustmall.commerce.catalogue.CatalogueService;

class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theDemoSeedsAMarketplaceOnceVerifiesAnOrdersProofAndResetStartsOver() {
        Path data = tmp.resolve("data");
        // The cheap model families keep this test quick; the demo's default lets every family compete.
        Cli first = Cli.run("demo", "--data-dir", data.toString(), "--products", "40", "--no-serve",
                "--recsys-models", "pop,markov,itemknn");
        assertEquals(0, first.exit(), first::toString);
        assertTrue(first.out().contains("seeding the demo marketplace"), first::toString);
        assertTrue(first.out().contains("verified: order"), first::toString);
        assertTrue(first.out().matches("(?s).*recommender: (markov|itemknn) selected on validation.*"),
                "the shoppers' missions are sequential, so a sequential model beats popularity: " + first);

        Cli second = Cli.run("demo", "--data-dir", data.toString(), "--products", "40", "--no-serve",
                "--recsys-models", "pop,markov,itemknn");
        assertEquals(0, second.exit(), second::toString);
        assertTrue(second.out().contains("reusing the demo marketplace"), second::toString);
        assertTrue(second.out().contains("recommender: serving"), "the second run reuses the model: " + second);

        Cli reset = Cli.run("demo", "--data-dir", data.toString(), "--products", "40", "--no-serve", "--reset",
                "--recsys-models", "pop,markov");
        assertEquals(0, reset.exit(), reset::toString);
        assertTrue(reset.out().contains("seeding the demo marketplace"), reset::toString);
    }

    @Test
    void generatedProductsAreBilingualAndStable() {
        CatalogueService.ProductInput a = DemoCatalogue.product(7, "T");
        CatalogueService.ProductInput b = DemoCatalogue.product(7, "T");
        assertEquals(a, b);
        assertTrue(a.title().codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
                a::title);
        assertTrue(a.title().chars().anyMatch(Character::isLetter), a::title);
        assertTrue(a.variants().size() >= 1);
    }

    @Test
    void badOptionsAreUsageErrors() {
        Cli r = Cli.run("demo", "--data-dir", tmp.resolve("x").toString(), "--products", "3", "--no-serve");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("'--products'"), r::toString);
    }
}
