package org.trustmall.assistant.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ai.text.Encoders;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.catalogue.CatalogueService.Product;
import org.trustmall.commerce.catalogue.CatalogueService;
import org.trustmall.commerce.money.Money;

/** Catalogue retrieval over a real commerce module (H2, the real Lucene index) and the production encoders. */
class CatalogueSearchTest {
    @TempDir
    Path dir;
    private TestCommerce t;
    private CatalogueService catalogue;
    private Actor shop;
    private CatalogueSearch search;
    private Product headphones;
    private Product phoneCase;
    private Product bottle;
    private Product earbudsZh;

    @BeforeEach
    void open() {
        t = TestCommerce.open(TestDatabases.Kind.H2, dir);
        catalogue = t.commerce().catalogue();
        shop = t.merchant("shop");
        headphones = product("Wireless headphones", "Over-ear Bluetooth headphones with noise cancelling, 30 hours "
                + "of battery.", "HP-1");
        phoneCase = product("Phone case", "Shockproof silicone cover that protects your smartphone when it is "
                + "dropped.", "CASE-1");
        bottle = product("Stainless steel water bottle", "Keeps drinks cold for 24 hours.", "BOTTLE-1");
        earbudsZh = product("降噪蓝牙耳机", "入耳式无线耳机，主动降噪，续航八小时。", "EAR-ZH");
        search = new CatalogueSearch(catalogue, Map.of("en", Encoders.miniLm(), "zh", Encoders.bgeSmallZh()));
    }

    @AfterEach
    void close() {
        t.close();
    }

    private Product product(String title, String description, String sku) {
        return catalogue.create(shop, new CatalogueService.ProductInput(title, description, "electronics",
                List.of(new CatalogueService.VariantInput(sku, Money.of(9_900, "CNY"), 10, Map.of()))));
    }

    private static List<String> sources(List<Hit> hits) {
        return hits.stream().map(h -> h.passage().source()).toList();
    }

    @Test
    void aProductIsFoundByMeaningWhenItSharesNoWordWithTheQuestion() {
        String q = "something to keep my mobile safe if it falls";
        assertTrue(catalogue.search(new CatalogueService.SearchQuery(q, null, 0, 10)).items().stream()
                .noneMatch(p -> p.id() == phoneCase.id()), "the words alone do not find it");
        List<Hit> hits = search.search(q, "en", 3);
        assertEquals("product:" + phoneCase.id(), hits.getFirst().passage().source());
        assertEquals("Phone case", hits.getFirst().passage().title());
        assertTrue(hits.getFirst().passage().text().contains("Shockproof"));
    }

    @Test
    void aProductIsFoundByItsWordsInEitherLanguage() {
        assertEquals("product:" + headphones.id(), search.search("headphones", "en", 3).getFirst().passage().source());
        assertEquals("product:" + earbudsZh.id(), search.search("蓝牙耳机", "zh", 3).getFirst().passage().source());
        assertEquals("product:" + earbudsZh.id(), search.search("能降噪的耳塞", "zh", 3).getFirst().passage().source());
    }

    @Test
    void aHiddenProductIsNeverReturnedEvenAfterItWasIndexed() {
        assertTrue(sources(search.search("phone case", "en", 5)).contains("product:" + phoneCase.id()));
        catalogue.update(shop, phoneCase.id(), new CatalogueService.ProductPatch(null, null, null,
                CatalogueService.Status.HIDDEN, null, null));
        assertFalse(sources(search.search("phone case", "en", 5)).contains("product:" + phoneCase.id()));
        assertFalse(sources(search.search("something to keep my mobile safe if it falls", "en", 5))
                .contains("product:" + phoneCase.id()));
        search.refresh();
        assertEquals(3, search.indexed("en"));
    }

    @Test
    void aChangedProductIsScoredOnItsNewText() {
        search.search("water bottle", "en", 3);
        catalogue.update(shop, bottle.id(), new CatalogueService.ProductPatch("Yoga mat",
                "Non-slip exercise mat for pilates and stretching.", null, null, null, null));
        Hit top = search.search("something soft to do my workout on the floor", "en", 1).getFirst();
        assertEquals("product:" + bottle.id(), top.passage().source());
        assertEquals("Yoga mat", top.passage().title());
    }

    @Test
    void aProductCreatedLaterIsFoundByMeaningAfterARefresh() {
        search.search("headphones", "en", 1);
        Product lamp = product("Desk lamp", "LED light with three brightness levels.", "LAMP-1");
        String q = "I need something to light up my reading table";
        search.refresh();
        assertEquals("product:" + lamp.id(), search.search(q, "en", 1).getFirst().passage().source());
    }

    @Test
    void anOffTopicQuestionListsNoProducts() {
        assertEquals(List.of(), search.search("what's the weather in Paris", "en", 5));
        assertEquals(List.of(), search.search("讲个笑话", "zh", 5));
    }
}
