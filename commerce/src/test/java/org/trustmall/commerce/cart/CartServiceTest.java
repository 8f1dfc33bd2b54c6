package org.trustmall.commerce.cart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
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
import org.trustmall.commerce.catalogue.CatalogueService;
import org.trustmall.commerce.money.Money;

@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class CartServiceTest {
    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    private TestCommerce t;
    private CartService carts;
    private Actor ann;
    private Actor bob;
    private Actor shop;

    @BeforeEach
    void open() {
        t = TestCommerce.open(kind, dir);
        carts = t.commerce().carts();
        ann = t.buyer("ann");
        bob = t.buyer("bob");
        shop = t.merchant("shop");
        t.product(shop, "Mug", "MUG", Money.of(2_500, "CNY"), 10);
        t.product(shop, "Tea", "TEA", Money.of(4_000, "CNY"), 3);
        t.product(shop, "Cable", "CABLE", Money.of(999, "USD"), 50);
    }

    @AfterEach
    void close() {
        if (t != null) {
            t.close();
        }
    }

    @Test
    void addingTheSameSkuAgainMergesTheLine() {
        carts.add(ann, "MUG", 1);
        CartService.Item merged = carts.add(ann, "MUG", 2);
        assertEquals(3, merged.quantity());
        assertEquals(Money.of(7_500, "CNY"), merged.lineTotal());
        assertEquals(10, merged.available());
        assertEquals(1, carts.get(ann).items().size());
    }

    @Test
    void theCartShowsLinesInOrderAddedWithSubtotalsPerCurrency() {
        carts.add(ann, "TEA", 2);
        carts.add(ann, "CABLE", 3);
        carts.add(ann, "MUG", 1);
        CartService.Cart cart = carts.get(ann);
        assertEquals(List.of("TEA", "CABLE", "MUG"), cart.items().stream().map(CartService.Item::sku).toList());
        assertEquals(List.of(Money.of(10_500, "CNY"), Money.of(2_997, "USD")), cart.subtotals());
        assertEquals("Tea", cart.items().get(0).title());
    }

    @Test
    void quantitiesAreOneToNinetyNine() {
        assertEquals("quantity", assertThrows(CommerceException.InvalidInput.class,
                () -> carts.add(ann, "MUG", 0)).field());
        carts.add(ann, "MUG", 99);
        assertEquals("quantity", assertThrows(CommerceException.InvalidInput.class,
                () -> carts.add(ann, "MUG", 1)).field());
        long id = carts.get(ann).items().get(0).id();
        assertEquals(5, carts.update(ann, id, 5).quantity());
        assertThrows(CommerceException.InvalidInput.class, () -> carts.update(ann, id, 100));
    }

    @Test
    void anotherBuyersLineIsNotFound() {
        long annsLine = carts.add(ann, "MUG", 1).id();
        assertThrows(CommerceException.NotFound.class, () -> carts.update(bob, annsLine, 2));
        assertThrows(CommerceException.NotFound.class, () -> carts.remove(bob, annsLine));
        assertEquals(List.of(), carts.get(bob).items());
        assertEquals(1, carts.get(ann).items().get(0).quantity());
        carts.remove(ann, annsLine);
        assertEquals(List.of(), carts.get(ann).items());
    }

    @Test
    void unknownAndHiddenSkusCannotBeAdded() {
        assertThrows(CommerceException.NotFound.class, () -> carts.add(ann, "NOPE", 1));
        CatalogueService.Product hidden = t.product(shop, "Secret", "SECRET", Money.of(100, "CNY"), 1);
        t.commerce().catalogue().update(shop, hidden.id(), new CatalogueService.ProductPatch(null, null, null,
                CatalogueService.Status.HIDDEN, null, null));
        assertThrows(CommerceException.NotFound.class, () -> carts.add(ann, "SECRET", 1));
    }

    @Test
    void onlyBuyersHaveCarts() {
        assertThrows(CommerceException.Forbidden.class, () -> carts.add(shop, "MUG", 1));
        assertThrows(CommerceException.Forbidden.class, () -> carts.get(t.admin("root")));
    }

    @Test
    void addingReservesNothing() {
        carts.add(ann, "TEA", 3);
        carts.add(bob, "TEA", 3);
        assertEquals(3, carts.get(bob).items().get(0).available());
    }
}
