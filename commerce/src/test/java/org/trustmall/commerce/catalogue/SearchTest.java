package org.trustmall.commerce.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Page;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.catalogue.CatalogueService.Product;
import org.trustmall.commerce.catalogue.CatalogueService.ProductInput;
import org.trustmall.commerce.catalogue.CatalogueService.ProductPatch;
import org.trustmall.commerce.catalogue.CatalogueService.SearchQuery;
import org.trustmall.commerce.catalogue.CatalogueService.Status;
import org.trustmall.commerce.catalogue.CatalogueService.VariantInput;
import org.trustmall.commerce.db.Sql;
import org.trustmall.commerce.money.Money;

/** Search through the Lucene index, the same on H2 and PostgreSQL (it never touches SQL text matching). */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class SearchTest {
    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    private TestCommerce t;
    private CatalogueService catalogue;
    private Actor shop;
    private int skus;

    @BeforeEach
    void open() {
        t = TestCommerce.open(kind, dir);
        catalogue = t.commerce().catalogue();
        shop = t.merchant("shop");
    }

    @AfterEach
    void close() {
        if (t != null) {
            t.close();
        }
    }

    private Product add(String title, String description, String category) {
        t.clock().advance(Duration.ofSeconds(1));
        return catalogue.create(shop, new ProductInput(title, description, category,
                List.of(new VariantInput("SKU-" + (++skus), Money.of(100, "CNY"), 1, Map.of()))));
    }

    private List<String> titles(String text) {
        return titles(text, null);
    }

    private List<String> titles(String text, String category) {
        return catalogue.search(new SearchQuery(text, category, 0, 20)).items().stream().map(Product::title)
                .toList();
    }

    private void addHeadphonesAndOthers() {
        add("无线蓝牙耳机", "降噪，续航三十小时", "electronics");
        add("Wireless Bluetooth Headphones", "Noise cancelling, 30 hours of battery", "electronics");
        add("有线耳机", "3.5毫米接口", "electronics");
        add("蓝牙音箱", "便携防水", "electronics");
        add("Running Shoes", "Light and breathable", "sports");
        add("The Art of Computer Programming", "Volume 1: Fundamental Algorithms", "books");
    }

    @Test
    void chineseQueriesFindChineseTitlesWithoutSpacesBetweenWords() {
        addHeadphonesAndOthers();
        assertEquals(List.of("无线蓝牙耳机"), titles("蓝牙耳机"));
        assertEquals(List.of("无线蓝牙耳机", "有线耳机").stream().sorted().toList(), titles("耳机").stream().sorted()
                .toList());
        assertEquals(List.of("无线蓝牙耳机", "蓝牙音箱").stream().sorted().toList(), titles("蓝牙").stream().sorted()
                .toList());
        assertEquals(List.of("无线蓝牙耳机"), titles("降噪"), "descriptions are searched too");
    }

    @Test
    void englishQueriesIgnoreCaseAndPluralsAndNeedEveryWord() {
        addHeadphonesAndOthers();
        assertEquals(List.of("Wireless Bluetooth Headphones"), titles("bluetooth"));
        assertEquals(List.of("Wireless Bluetooth Headphones"), titles("headphone"));
        assertEquals(List.of("Wireless Bluetooth Headphones"), titles("WIRELESS headphones"));
        assertEquals(List.of(), titles("wireless shoes"));
        assertEquals(List.of("The Art of Computer Programming"), titles("algorithm"));
        assertEquals(List.of("Running Shoes"), titles("shoe"));
    }

    @Test
    void aTitleMatchRanksAboveADescriptionMatch() {
        add("Phone case", "Fits the Bluetooth headset too", "electronics");
        add("Bluetooth headset", "Mono, for calls", "electronics");
        assertEquals(List.of("Bluetooth headset", "Phone case"), titles("bluetooth"));
    }

    @Test
    void aCategoryNarrowsTheResults() {
        addHeadphonesAndOthers();
        assertEquals(List.of("Running Shoes"), titles("", "sports"));
        assertEquals(List.of(), titles("耳机", "books"));
        assertEquals(2, titles("耳机", "electronics").size());
        CommerceException.InvalidInput e = assertThrows(CommerceException.InvalidInput.class,
                () -> titles("x", "weapons"));
        assertEquals("category", e.field());
    }

    @Test
    void anEmptyQueryBrowsesNewestFirstInPages() {
        for (int i = 0; i < 7; i++) {
            add("Product " + i, "", "office");
        }
        Page<Product> first = catalogue.search(new SearchQuery("", null, 0, 3));
        Page<Product> last = catalogue.search(new SearchQuery(null, null, 2, 3));
        assertEquals(7, first.total());
        assertEquals(List.of("Product 6", "Product 5", "Product 4"), first.items().stream().map(Product::title)
                .toList());
        assertEquals(List.of("Product 0"), last.items().stream().map(Product::title).toList());
        assertEquals(7, last.total());
        assertEquals(List.of(), catalogue.search(new SearchQuery("", null, 5, 3)).items());
        assertThrows(CommerceException.InvalidInput.class, () -> catalogue.search(new SearchQuery("", null, 0, 0)));
    }

    @Test
    void theTotalCountsEveryMatchNotJustThePage() {
        for (int i = 0; i < 12; i++) {
            add("Notebook " + i, "A5, dotted", "office");
        }
        add("Pencil", "HB", "office");
        Page<Product> page = catalogue.search(new SearchQuery("notebook", null, 1, 5));
        assertEquals(12, page.total());
        assertEquals(5, page.items().size());
    }

    @Test
    void hiddenProductsAreNotFoundAndReappearWhenShownAgain() {
        Product p = add("无线蓝牙耳机", "", "electronics");
        catalogue.update(shop, p.id(), new ProductPatch(null, null, null, Status.HIDDEN, null, null));
        assertEquals(List.of(), titles("耳机"));
        assertEquals(0, catalogue.search(new SearchQuery("", null, 0, 10)).total());
        catalogue.update(shop, p.id(), new ProductPatch("无线蓝牙耳机 二代", null, null, Status.ACTIVE, null, null));
        assertEquals(List.of("无线蓝牙耳机 二代"), titles("耳机"));
        assertEquals(List.of(), titles("xyzzy"));
    }

    @Test
    void punctuationOnlyQueriesMatchNothingRatherThanFail() {
        addHeadphonesAndOthers();
        assertEquals(List.of(), titles("\"*?:(){}[]"));
        assertEquals(List.of(), titles("the of"));
    }

    @Test
    void aMissingIndexIsRebuiltFromTheDatabaseOnOpen() throws Exception {
        addHeadphonesAndOthers();
        t.reopen(() -> {
            try (Stream<Path> files = Files.walk(dir.resolve("search"))) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        catalogue = t.commerce().catalogue();
        assertEquals(List.of("无线蓝牙耳机"), titles("蓝牙耳机"));
        assertEquals(6, catalogue.search(new SearchQuery("", null, 0, 10)).total());
    }

    @Test
    void aStaleIndexIsRebuiltFromTheDatabaseOnOpen() {
        addHeadphonesAndOthers();
        // A change the index never saw, as after a crash between the database commit and the index commit.
        t.reopen(() -> t.jdbi().useHandle(h -> h.createUpdate("UPDATE products SET title = "
                        + "'Bone Conduction Headphones', updated_at = :at WHERE title = 'Wireless Bluetooth Headphones'")
                .bind("at", Sql.at(t.clock().instant().plusSeconds(60))).execute()));
        catalogue = t.commerce().catalogue();
        assertEquals(List.of("Bone Conduction Headphones"), titles("conduction"));
        assertEquals(List.of(), titles("bluetooth headphones"));
    }
}
