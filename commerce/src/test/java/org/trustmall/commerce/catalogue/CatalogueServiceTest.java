package org.trustmall.commerce.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.catalogue.CatalogueService.ProductInput;
import org.trustmall.commerce.catalogue.CatalogueService.ProductPatch;
import org.trustmall.commerce.catalogue.CatalogueService.Status;
import org.trustmall.commerce.catalogue.CatalogueService.VariantChange;
import org.trustmall.commerce.catalogue.CatalogueService.VariantInput;
import org.trustmall.commerce.money.Money;

@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class CatalogueServiceTest {
    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    private TestCommerce t;
    private CatalogueService catalogue;
    private Actor shop;
    private Actor otherShop;
    private Actor buyer;
    private Actor admin;

    @BeforeEach
    void open() {
        t = TestCommerce.open(kind, dir);
        catalogue = t.commerce().catalogue();
        shop = t.merchant("shop");
        otherShop = t.merchant("other-shop");
        buyer = t.buyer("buyer");
        admin = t.admin("admin");
    }

    @AfterEach
    void close() {
        if (t != null) {
            t.close();
        }
    }

    private static ProductInput kettle() {
        return new ProductInput("Electric Kettle", "1.7 litres, boils in three minutes", "home", List.of(
                new VariantInput("KETTLE-WHITE", Money.of(19_900, "CNY"), 5, Map.of("colour", "white")),
                new VariantInput("KETTLE-BLACK", Money.of(20_900, "CNY"), 0, Map.of("colour", "black"))));
    }

    @Test
    void aMerchantCreatesAProductWithVariantsAndBecomesItsOwner() {
        CatalogueService.Product p = catalogue.create(shop, kettle());
        assertEquals(shop.accountId(), p.merchantId());
        assertEquals("shop", p.merchantName());
        assertEquals(Status.ACTIVE, p.status());
        assertEquals(List.of("KETTLE-WHITE", "KETTLE-BLACK"), p.variants().stream().map(CatalogueService.Variant::sku)
                .toList());
        assertEquals(Money.of(19_900, "CNY"), p.variants().get(0).price());
        assertEquals(Map.of("colour", "white"), p.variants().get(0).attributes());
        assertEquals(p, catalogue.get(null, p.id()));
    }

    @Test
    void onlyMerchantsCreateProducts() {
        assertThrows(CommerceException.Forbidden.class, () -> catalogue.create(buyer, kettle()));
        assertThrows(CommerceException.Forbidden.class, () -> catalogue.create(admin, kettle()));
    }

    @Test
    void aSkuIsUniqueAcrossThePlatform() {
        catalogue.create(shop, kettle());
        CommerceException.Conflict c = assertThrows(CommerceException.Conflict.class, () -> catalogue.create(otherShop,
                new ProductInput("Kettle copy", "", "home", List.of(new VariantInput("KETTLE-WHITE",
                        Money.of(100, "CNY"), 1, Map.of())))));
        assertEquals("variants[0].sku", c.field());
        assertTrue(c.getMessage().contains("KETTLE-WHITE"));
    }

    @Test
    void invalidProductsAreRejectedNamingTheField() {
        record Case(ProductInput input, String field) {
        }
        VariantInput ok = new VariantInput("OK-1", Money.of(100, "CNY"), 1, Map.of());
        for (Case c : List.of(
                new Case(new ProductInput(" ", "", "home", List.of(ok)), "title"),
                new Case(new ProductInput("x".repeat(201), "", "home", List.of(ok)), "title"),
                new Case(new ProductInput("T", "d".repeat(10_001), "home", List.of(ok)), "description"),
                new Case(new ProductInput("T", "", "weapons", List.of(ok)), "category"),
                new Case(new ProductInput("T", "", "home", List.of()), "variants"),
                new Case(new ProductInput("T", "", "home", List.of(new VariantInput("bad sku", Money.of(1, "CNY"), 1,
                        Map.of()))), "variants[0].sku"),
                new Case(new ProductInput("T", "", "home", List.of(ok, ok)), "variants[1].sku"),
                new Case(new ProductInput("T", "", "home", List.of(new VariantInput("Z", Money.of(0, "CNY"), 1,
                        Map.of()))), "variants[0].price"),
                new Case(new ProductInput("T", "", "home", List.of(new VariantInput("Z", Money.of(1, "CNY"), -1,
                        Map.of()))), "variants[0].stock"))) {
            CommerceException.InvalidInput e = assertThrows(CommerceException.InvalidInput.class,
                    () -> catalogue.create(shop, c.input()), c.field());
            assertEquals(c.field(), e.field());
        }
    }

    @Test
    void theOwnerEditsPricesTextAndRestocks() {
        CatalogueService.Product p = catalogue.create(shop, kettle());
        CatalogueService.Product changed = catalogue.update(shop, p.id(), new ProductPatch("Kettle Pro", null, null,
                null, List.of(new VariantChange("KETTLE-BLACK", Money.of(18_800, "CNY"), 7),
                new VariantChange("KETTLE-WHITE", null, 1)), List.of(new VariantInput("KETTLE-RED",
                Money.of(21_000, "CNY"), 2, Map.of("colour", "red")))));
        assertEquals("Kettle Pro", changed.title());
        assertEquals("1.7 litres, boils in three minutes", changed.description());
        assertEquals(List.of(6, 7, 2), changed.variants().stream().map(CatalogueService.Variant::stock).toList());
        assertEquals(Money.of(18_800, "CNY"), changed.variants().get(1).price());
        assertTrue(changed.updatedAt().compareTo(p.updatedAt()) >= 0);
    }

    @Test
    void anotherMerchantMayNotEditOrRestockAProductButAnAdminMay() {
        CatalogueService.Product p = catalogue.create(shop, kettle());
        ProductPatch restock = new ProductPatch(null, null, null, null,
                List.of(new VariantChange("KETTLE-WHITE", null, 100)), null);
        assertThrows(CommerceException.Forbidden.class, () -> catalogue.update(otherShop, p.id(), restock));
        assertThrows(CommerceException.Forbidden.class, () -> catalogue.update(buyer, p.id(), restock));
        assertEquals(5, catalogue.get(null, p.id()).variants().get(0).stock());
        assertEquals(105, catalogue.update(admin, p.id(), restock).variants().get(0).stock());
        assertThrows(CommerceException.NotFound.class, () -> catalogue.update(shop, 123_456, restock));
    }

    @Test
    void aChangeToAVariantOfAnotherProductIsRejectedAndChangesNothing() {
        CatalogueService.Product mine = catalogue.create(shop, kettle());
        t.product(otherShop, "Toaster", "TOASTER", Money.of(9_900, "CNY"), 3);
        CommerceException.InvalidInput e = assertThrows(CommerceException.InvalidInput.class,
                () -> catalogue.update(shop, mine.id(), new ProductPatch("Renamed", null, null, null,
                        List.of(new VariantChange("TOASTER", null, 5)), null)));
        assertEquals("changes[0].sku", e.field());
        assertEquals("Electric Kettle", catalogue.get(null, mine.id()).title(), "the rename was rolled back");
    }

    @Test
    void hiddenProductsAreSeenOnlyByTheirOwnerAndAdmins() {
        CatalogueService.Product p = catalogue.create(shop, kettle());
        catalogue.update(shop, p.id(), new ProductPatch(null, null, null, Status.HIDDEN, null, null));
        assertThrows(CommerceException.NotFound.class, () -> catalogue.get(null, p.id()));
        assertThrows(CommerceException.NotFound.class, () -> catalogue.get(buyer, p.id()));
        assertThrows(CommerceException.NotFound.class, () -> catalogue.get(otherShop, p.id()));
        assertEquals(Status.HIDDEN, catalogue.get(shop, p.id()).status());
        assertEquals(Status.HIDDEN, catalogue.get(admin, p.id()).status());
        assertEquals(1, catalogue.listOwn(shop, 0, 10).total());
    }

    @Test
    void aMerchantListsOwnProductsNewestFirst() {
        for (int i = 0; i < 5; i++) {
            t.clock().advance(java.time.Duration.ofSeconds(1));
            t.product(shop, "Item " + i, "ITEM-" + i, Money.of(100, "CNY"), 1);
        }
        t.product(otherShop, "Not mine", "OTHER-1", Money.of(100, "CNY"), 1);
        var page = catalogue.listOwn(shop, 1, 2);
        assertEquals(5, page.total());
        assertEquals(List.of("Item 2", "Item 1"), page.items().stream().map(CatalogueService.Product::title).toList());
        assertThrows(CommerceException.Forbidden.class, () -> catalogue.listOwn(buyer, 0, 10));
    }

    @Test
    void thereAreTenBilingualCategories() {
        List<CatalogueService.Category> categories = catalogue.categories();
        assertEquals(10, categories.size());
        assertEquals(new CatalogueService.Category("books", "Books", "图书"), categories.stream()
                .filter(c -> c.slug().equals("books")).findFirst().orElseThrow());
    }
}
