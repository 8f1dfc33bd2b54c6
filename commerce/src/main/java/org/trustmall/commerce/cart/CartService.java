package org.trustmall.commerce.cart;

import java.util.List;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.money.Money;

/** A buyer's cart, kept in the database. Only buyers have carts. */
public interface CartService {

    /** {@code available} is the variant's current stock, for display; nothing is reserved until checkout. */
    record Item(long id, long productId, String sku, String title, Money unitPrice, int quantity, Money lineTotal,
                int available) {
    }

    /** Subtotals per currency, in the order items were added. */
    record Cart(List<Item> items, List<Money> subtotals) {
    }

    /** Adds a SKU (quantity 1-99; merged with an existing line of the same SKU). */
    Item add(Actor buyer, String sku, int quantity);

    /** Sets a line's quantity (1-99). Another buyer's line is {@code NotFound}. */
    Item update(Actor buyer, long itemId, int quantity);

    void remove(Actor buyer, long itemId);

    Cart get(Actor buyer);
}
