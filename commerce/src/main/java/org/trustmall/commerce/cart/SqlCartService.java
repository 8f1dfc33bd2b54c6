package org.trustmall.commerce.cart;

import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.db.Sql;
import org.trustmall.commerce.money.Money;

/**
 * {@link CartService} over the commerce database: one row per buyer and SKU. Only active products can be added;
 * prices and stock shown are the current ones (checkout takes its own snapshot). Thread-safe.
 */
public final class SqlCartService implements CartService {
    static final int MAX_QUANTITY = 99;
    /** Lines per cart: keeps a checkout (one order per merchant and currency) to a bounded size. */
    static final int MAX_LINES = 100;
    private static final String ITEM_SELECT = "SELECT c.id, c.sku, c.quantity, v.product_id, v.price_minor, "
            + "v.currency, v.stock, p.title FROM cart_items c JOIN variants v ON v.sku = c.sku "
            + "JOIN products p ON p.id = v.product_id ";

    private final Jdbi jdbi;
    private final InstantSource clock;

    public SqlCartService(Jdbi jdbi, InstantSource clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public Item add(Actor buyer, String sku, int quantity) {
        requireBuyer(buyer);
        checkQuantity(quantity);
        if (sku == null || sku.isEmpty() || sku.length() > 64) {
            throw new CommerceException.InvalidInput("sku", "must be 1-64 characters");
        }
        try {
            return jdbi.inTransaction(h -> addInTransaction(h, buyer, sku, quantity));
        } catch (StatementException e) {
            if (!Sql.isUniqueViolation(e)) {
                throw e;
            }
            // A concurrent add of the same SKU inserted the line first; now it merges.
            return jdbi.inTransaction(h -> addInTransaction(h, buyer, sku, quantity));
        }
    }

    private Item addInTransaction(Handle h, Actor buyer, String sku, int quantity) {
        boolean available = h.createQuery("SELECT COUNT(*) FROM variants v JOIN products p ON p.id = v.product_id "
                        + "WHERE v.sku = :sku AND p.status = 'active'")
                .bind("sku", sku).mapTo(Integer.class).one() > 0;
        if (!available) {
            throw new CommerceException.NotFound("sku", sku);
        }
        int merged = h.createUpdate("UPDATE cart_items SET quantity = quantity + :q WHERE buyer_id = :b AND sku = :sku "
                        + "AND quantity + :q <= :max")
                .bind("q", quantity).bind("b", buyer.accountId()).bind("sku", sku).bind("max", MAX_QUANTITY)
                .execute();
        if (merged == 0) {
            boolean present = h.createQuery("SELECT COUNT(*) FROM cart_items WHERE buyer_id = :b AND sku = :sku")
                    .bind("b", buyer.accountId()).bind("sku", sku).mapTo(Integer.class).one() > 0;
            if (present) {
                throw new CommerceException.InvalidInput("quantity", "a cart line holds at most " + MAX_QUANTITY);
            }
            int lines = h.createQuery("SELECT COUNT(*) FROM cart_items WHERE buyer_id = :b")
                    .bind("b", buyer.accountId()).mapTo(Integer.class).one();
            if (lines >= MAX_LINES) {
                throw new CommerceException.Conflict("cart", "a cart holds at most " + MAX_LINES + " lines");
            }
            h.createUpdate("INSERT INTO cart_items (buyer_id, sku, quantity, added_at) VALUES (:b, :sku, :q, :at)")
                    .bind("b", buyer.accountId()).bind("sku", sku).bind("q", quantity)
                    .bind("at", Sql.at(clock.instant().truncatedTo(ChronoUnit.MILLIS))).execute();
        }
        return h.createQuery(ITEM_SELECT + "WHERE c.buyer_id = :b AND c.sku = :sku")
                .bind("b", buyer.accountId()).bind("sku", sku).map((rs, ctx) -> item(rs)).one();
    }

    @Override
    public Item update(Actor buyer, long itemId, int quantity) {
        requireBuyer(buyer);
        checkQuantity(quantity);
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate("UPDATE cart_items SET quantity = :q WHERE id = :id AND buyer_id = :b")
                    .bind("q", quantity).bind("id", itemId).bind("b", buyer.accountId()).execute();
            if (n == 0) {
                throw new CommerceException.NotFound("cart item", String.valueOf(itemId));
            }
            return h.createQuery(ITEM_SELECT + "WHERE c.id = :id").bind("id", itemId).map((rs, ctx) -> item(rs)).one();
        });
    }

    @Override
    public void remove(Actor buyer, long itemId) {
        requireBuyer(buyer);
        int n = jdbi.withHandle(h -> h.createUpdate("DELETE FROM cart_items WHERE id = :id AND buyer_id = :b")
                .bind("id", itemId).bind("b", buyer.accountId()).execute());
        if (n == 0) {
            throw new CommerceException.NotFound("cart item", String.valueOf(itemId));
        }
    }

    @Override
    public Cart get(Actor buyer) {
        requireBuyer(buyer);
        List<Item> items = jdbi.withHandle(h -> h.createQuery(ITEM_SELECT + "WHERE c.buyer_id = :b ORDER BY c.id")
                .bind("b", buyer.accountId()).map((rs, ctx) -> item(rs)).list());
        Map<String, Money> subtotals = new LinkedHashMap<>();
        for (Item i : items) {
            subtotals.merge(i.lineTotal().currency(), i.lineTotal(), Money::plus);
        }
        return new Cart(items, new ArrayList<>(subtotals.values()));
    }

    private static Item item(java.sql.ResultSet rs) throws java.sql.SQLException {
        Money unit = Money.of(rs.getLong("price_minor"), rs.getString("currency").strip());
        int quantity = rs.getInt("quantity");
        return new Item(rs.getLong("id"), rs.getLong("product_id"), rs.getString("sku"), rs.getString("title"), unit,
                quantity, unit.times(quantity), rs.getInt("stock"));
    }

    private static void requireBuyer(Actor actor) {
        Objects.requireNonNull(actor, "buyer");
        if (!actor.is(Role.BUYER)) {
            throw new CommerceException.Forbidden("only buyers have carts");
        }
    }

    private static void checkQuantity(int quantity) {
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new CommerceException.InvalidInput("quantity", "must be between 1 and " + MAX_QUANTITY);
        }
    }
}
