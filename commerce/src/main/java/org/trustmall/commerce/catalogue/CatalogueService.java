package org.trustmall.commerce.catalogue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.Page;
import org.trustmall.commerce.money.Money;

/**
 * Products with variants (SKU, price, stock), categories and merchant ownership, and text search over them that
 * treats Chinese (no spaces between words) and English equally well and behaves the same on H2 and PostgreSQL
 * (an in-process Lucene index with a CJK-aware analyzer, kept in step with the database).
 */
public interface CatalogueService {

    enum Status { ACTIVE, HIDDEN }

    record Variant(String sku, Money price, int stock, Map<String, String> attributes) {
    }

    record Product(long id, long merchantId, String merchantName, String title, String description, String category,
                   Status status, List<Variant> variants, Instant createdAt, Instant updatedAt) {
    }

    /** A new variant; {@code sku} 1-64 characters of A-Z a-z 0-9 - _ . and unique platform-wide. */
    record VariantInput(String sku, Money price, int stock, Map<String, String> attributes) {
    }

    /** Title 1-200 characters, description up to 10,000, category a known category slug, 1-50 variants. */
    record ProductInput(String title, String description, String category, List<VariantInput> variants) {
    }

    /** A change to an existing variant: a new price, and/or stock to add (restock); nulls leave things as they are. */
    record VariantChange(String sku, Money price, Integer restock) {
    }

    /**
     * A partial update: null fields stay as they are. {@code changes} alter existing variants; {@code added} are
     * new variants.
     */
    record ProductPatch(String title, String description, String category, Status status,
                        List<VariantChange> changes, List<VariantInput> added) {
    }

    record Category(String slug, String name, String nameZh) {
    }

    /** {@code text} may be empty (browse); {@code category} null for all. */
    /**
     * @param personaliseForOrNull the buyer whose purchase history may re-rank the results (categories they buy from
     *                             first), or null for the same results as anyone gets. Callers pass an account only
     *                             when that person's {@code personalisation} consent stands.
     */
    record SearchQuery(String text, String category, int page, int size, Long personaliseForOrNull) {
        public SearchQuery(String text, String category, int page, int size) {
            this(text, category, page, size, null);
        }
    }

    /** Merchants only; the actor becomes the owner. */
    Product create(Actor merchant, ProductInput input);

    /** The owning merchant (or an admin) only; {@code Forbidden} for another merchant's product. */
    Product update(Actor actor, long productId, ProductPatch patch);

    /** Anyone (actor may be null) sees active products; owners and admins also see hidden ones. */
    Product get(Actor actorOrNull, long productId);

    /** Active products matching the query, most relevant first (newest first when there is no text). */
    Page<Product> search(SearchQuery query);

    /** The active products among {@code ids}, in the order given; unknown and hidden ids are left out. */
    List<Product> activeByIds(List<Long> ids);

    /** A merchant's own products, including hidden ones. */
    Page<Product> listOwn(Actor merchant, int page, int size);

    List<Category> categories();
}
