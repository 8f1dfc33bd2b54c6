package org.trustmall.commerce.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Page;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.db.Sql;
import org.trustmall.commerce.money.Money;

/**
 * {@link CatalogueService} over the commerce database, with the search index kept in step: every create and update
 * is committed to the database first and then indexed (under the index's lock, from what the database now holds),
 * and on open an index whose recorded stamp does not match the database is rebuilt from it. Search never touches
 * SQL text matching, so it behaves the same on H2 and PostgreSQL. Thread-safe; close it to close the index.
 */
public final class SqlCatalogueService implements CatalogueService, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> ATTRIBUTES = new TypeReference<>() {
    };
    private static final String PRODUCT_COLUMNS = "p.id, p.merchant_id, a.display_name AS merchant_name, p.title, "
            + "p.description, p.category, p.status, p.created_at, p.updated_at";

    private final Jdbi jdbi;
    private final SearchIndex index;
    private final InstantSource clock;
    private final List<Category> categories;
    private final Set<String> categorySlugs;

    private SqlCatalogueService(Jdbi jdbi, SearchIndex index, InstantSource clock, List<Category> categories) {
        this.jdbi = jdbi;
        this.index = index;
        this.clock = clock;
        this.categories = List.copyOf(categories);
        this.categorySlugs = new LinkedHashSet<>(categories.stream().map(Category::slug).toList());
    }

    /**
     * Opens the catalogue over a migrated database and the search index in {@code indexDir}, rebuilding the index
     * from the database if it is missing, damaged or stale.
     */
    public static SqlCatalogueService open(Jdbi jdbi, Path indexDir, InstantSource clock) {
        List<Category> categories = jdbi.withHandle(h -> h.createQuery(
                        "SELECT slug, name, name_zh FROM categories ORDER BY display_rank, slug")
                .map((rs, ctx) -> new Category(rs.getString("slug"), rs.getString("name"), rs.getString("name_zh")))
                .list());
        SearchIndex index = SearchIndex.open(indexDir);
        try {
            SqlCatalogueService service = new SqlCatalogueService(jdbi, index, clock, categories);
            service.syncIndex();
            return service;
        } catch (RuntimeException e) {
            index.close();
            throw e;
        }
    }

    /** Rebuilds the index from the database unless it already reflects it; true if it rebuilt. */
    boolean syncIndex() {
        synchronized (index) {
            SearchIndex.Stamp current = stamp();
            if (index.stamp().filter(current::equals).isPresent()) {
                return false;
            }
            List<SearchIndex.Doc> docs = jdbi.withHandle(h -> h.createQuery("SELECT id, title, description, "
                            + "category, created_at FROM products WHERE status = 'active' ORDER BY id")
                    .map((rs, ctx) -> new SearchIndex.Doc(rs.getLong("id"), rs.getString("title"),
                            rs.getString("description"), rs.getString("category"),
                            Sql.instant(rs, "created_at").toEpochMilli()))
                    .list());
            index.rebuild(docs, current);
            return true;
        }
    }

    private SearchIndex.Stamp stamp() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) AS n, MAX(updated_at) AS latest FROM products")
                .map((rs, ctx) -> {
                    Instant latest = Sql.instant(rs, "latest");
                    return new SearchIndex.Stamp(rs.getLong("n"), latest == null ? 0 : latest.toEpochMilli());
                })
                .one());
    }

    /** Brings product {@code id} in the index up to what the database holds now. */
    private void reindex(long id) {
        synchronized (index) {
            Optional<SearchIndex.Doc> doc = jdbi.withHandle(h -> h.createQuery("SELECT id, title, description, "
                            + "category, created_at FROM products WHERE id = :id AND status = 'active'")
                    .bind("id", id)
                    .map((rs, ctx) -> new SearchIndex.Doc(rs.getLong("id"), rs.getString("title"),
                            rs.getString("description"), rs.getString("category"),
                            Sql.instant(rs, "created_at").toEpochMilli()))
                    .findOne());
            index.put(id, doc, stamp());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- writing ----

    @Override
    public Product create(Actor merchant, ProductInput input) {
        Objects.requireNonNull(merchant, "merchant");
        if (!merchant.is(Role.MERCHANT)) {
            throw new CommerceException.Forbidden("only merchants create products");
        }
        if (input == null) {
            throw new CommerceException.InvalidInput("product", "is required");
        }
        String title = ProductRules.title("title", input.title());
        String description = ProductRules.description("description", input.description());
        String category = ProductRules.category("category", input.category(), categorySlugs);
        ProductRules.variants("variants", input.variants(), 0);
        Instant now = now();
        long id = writing(() -> jdbi.inTransaction(h -> {
            requireFreeSkus(h, "variants", input.variants());
            long productId = h.createUpdate("INSERT INTO products (merchant_id, title, description, category, status, "
                            + "created_at, updated_at) VALUES (:m, :t, :d, :c, 'active', :now, :now)")
                    .bind("m", merchant.accountId()).bind("t", title).bind("d", description).bind("c", category)
                    .bind("now", Sql.at(now))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            insertVariants(h, productId, 0, input.variants());
            return productId;
        }));
        reindex(id);
        return load(List.of(id)).get(0);
    }

    @Override
    public Product update(Actor actor, long productId, ProductPatch patch) {
        Objects.requireNonNull(actor, "actor");
        if (patch == null) {
            throw new CommerceException.InvalidInput("patch", "is required");
        }
        String title = patch.title() == null ? null : ProductRules.title("title", patch.title());
        String description = patch.description() == null ? null
                : ProductRules.description("description", patch.description());
        String category = patch.category() == null ? null
                : ProductRules.category("category", patch.category(), categorySlugs);
        List<VariantChange> changes = patch.changes() == null ? List.of() : patch.changes();
        for (int i = 0; i < changes.size(); i++) {
            VariantChange c = changes.get(i);
            if (c == null || c.sku() == null) {
                throw new CommerceException.InvalidInput("changes[" + i + "].sku", "is required");
            }
            if (c.price() != null) {
                ProductRules.price("changes[" + i + "].price", c.price());
            }
            if (c.restock() != null) {
                ProductRules.restock("changes[" + i + "].restock", c.restock());
            }
        }
        List<VariantInput> added = patch.added() == null ? List.of() : patch.added();
        Instant now = now();
        writing(() -> jdbi.useTransaction(h -> {
            long owner = h.createQuery("SELECT merchant_id FROM products WHERE id = :id").bind("id", productId)
                    .mapTo(Long.class).findOne()
                    .orElseThrow(() -> new CommerceException.NotFound("product", String.valueOf(productId)));
            if (!(actor.is(Role.ADMIN) || (actor.is(Role.MERCHANT) && actor.accountId() == owner))) {
                throw new CommerceException.Forbidden("only the merchant who owns product " + productId
                        + " (or an admin) may change it");
            }
            h.createUpdate("UPDATE products SET title = COALESCE(:t, title), description = COALESCE(:d, description), "
                            + "category = COALESCE(:c, category), status = COALESCE(:s, status), updated_at = :now "
                            + "WHERE id = :id")
                    .bind("t", title).bind("d", description).bind("c", category)
                    .bind("s", patch.status() == null ? null : patch.status().name().toLowerCase(Locale.ROOT))
                    .bind("now", Sql.at(now)).bind("id", productId).execute();
            for (int i = 0; i < changes.size(); i++) {
                applyChange(h, productId, "changes[" + i + "]", changes.get(i));
            }
            if (!added.isEmpty()) {
                int existing = h.createQuery("SELECT COUNT(*) FROM variants WHERE product_id = :id")
                        .bind("id", productId).mapTo(Integer.class).one();
                ProductRules.variants("added", added, existing);
                requireFreeSkus(h, "added", added);
                Integer maxLine = h.createQuery("SELECT MAX(line_no) FROM variants WHERE product_id = :id")
                        .bind("id", productId).mapTo(Integer.class).one();
                insertVariants(h, productId, maxLine == null ? 0 : maxLine + 1, added);
            }
        }));
        reindex(productId);
        return load(List.of(productId)).get(0);
    }

    private static void applyChange(Handle h, long productId, String at, VariantChange c) {
        int found = h.createQuery("SELECT COUNT(*) FROM variants WHERE sku = :sku AND product_id = :p")
                .bind("sku", c.sku()).bind("p", productId).mapTo(Integer.class).one();
        if (found == 0) {
            throw new CommerceException.InvalidInput(at + ".sku", c.sku() + " is not a variant of product "
                    + productId);
        }
        if (c.price() != null) {
            h.createUpdate("UPDATE variants SET price_minor = :m, currency = :c WHERE sku = :sku")
                    .bind("m", c.price().minor()).bind("c", c.price().currency()).bind("sku", c.sku()).execute();
        }
        if (c.restock() != null) {
            int n = h.createUpdate("UPDATE variants SET stock = stock + :n WHERE sku = :sku AND stock <= :limit")
                    .bind("n", c.restock()).bind("sku", c.sku())
                    .bind("limit", ProductRules.MAX_STOCK - c.restock()).execute();
            if (n != 1) {
                throw new CommerceException.InvalidInput(at + ".restock", "stock would exceed "
                        + ProductRules.MAX_STOCK);
            }
        }
    }

    private static void requireFreeSkus(Handle h, String field, List<VariantInput> variants) {
        List<String> skus = variants.stream().map(VariantInput::sku).toList();
        Set<String> taken = new LinkedHashSet<>(h.createQuery("SELECT sku FROM variants WHERE sku IN (<skus>)")
                .bindList("skus", skus).mapTo(String.class).list());
        for (int i = 0; i < skus.size(); i++) {
            if (taken.contains(skus.get(i))) {
                throw skuTaken(field + "[" + i + "].sku", skus.get(i));
            }
        }
    }

    private static CommerceException.Conflict skuTaken(String field, String sku) {
        return new CommerceException.Conflict(field, "SKU " + sku + " is already in use");
    }

    private static void insertVariants(Handle h, long productId, int firstLine, List<VariantInput> variants) {
        for (int i = 0; i < variants.size(); i++) {
            VariantInput v = variants.get(i);
            h.createUpdate("INSERT INTO variants (sku, product_id, line_no, price_minor, currency, stock, attributes) "
                            + "VALUES (:sku, :p, :line, :m, :c, :stock, :attrs)")
                    .bind("sku", v.sku()).bind("p", productId).bind("line", firstLine + i)
                    .bind("m", v.price().minor()).bind("c", v.price().currency()).bind("stock", v.stock())
                    .bind("attrs", toJson(v.attributes())).execute();
        }
    }

    /** Runs a write, turning a SKU unique-constraint race into the same Conflict a pre-check gives. */
    private static <T> T writing(java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (StatementException e) {
            if (Sql.isUniqueViolation(e)) {
                throw new CommerceException.Conflict("sku", "a SKU of this product is already in use");
            }
            throw e;
        }
    }

    private static void writing(Runnable write) {
        writing(() -> {
            write.run();
            return null;
        });
    }

    // ---- reading ----

    @Override
    public Product get(Actor actorOrNull, long productId) {
        List<Product> found = load(List.of(productId));
        if (found.isEmpty() || !visible(actorOrNull, found.get(0))) {
            throw new CommerceException.NotFound("product", String.valueOf(productId));
        }
        return found.get(0);
    }

    private static boolean visible(Actor actor, Product p) {
        return p.status() == Status.ACTIVE || (actor != null && (actor.is(Role.ADMIN)
                || (actor.is(Role.MERCHANT) && actor.accountId() == p.merchantId())));
    }

    @Override
    public Page<Product> search(SearchQuery query) {
        if (query == null) {
            throw new CommerceException.InvalidInput("query", "is required");
        }
        Page.check(query.page(), query.size());
        String text = query.text() == null ? "" : query.text().strip();
        if (text.length() > 200) {
            throw new CommerceException.InvalidInput("text", "must be at most 200 characters");
        }
        if (query.category() != null) {
            ProductRules.category("category", query.category(), categorySlugs);
        }
        Map<String, Float> preferred = query.personaliseForOrNull() == null ? Map.of()
                : preferredCategories(query.personaliseForOrNull());
        SearchIndex.Hits hits = index.search(text, query.category(), preferred, (long) query.page() * query.size(),
                query.size());
        // The database is the truth: a product hidden since the last index refresh is left out.
        List<Product> items = load(hits.ids()).stream().filter(p -> p.status() == Status.ACTIVE).toList();
        return new Page<>(items, query.page(), query.size(), hits.total());
    }

    /**
     * The categories a buyer has bought from (paid orders onwards), weighted by units relative to the favourite: the
     * whole of the personalisation, computed at request time from the orders alone, so nothing is kept once
     * consent is withdrawn.
     */
    private Map<String, Float> preferredCategories(long buyerId) {
        List<Map.Entry<String, Long>> units = jdbi.withHandle(h -> h.createQuery("SELECT p.category, "
                        + "SUM(l.quantity) AS units FROM orders o JOIN order_lines l ON l.order_id = o.id "
                        + "JOIN products p ON p.id = l.product_id WHERE o.buyer_id = :b "
                        + "AND o.state NOT IN ('created', 'cancelled') GROUP BY p.category")
                .bind("b", buyerId).map((rs, ctx) -> Map.entry(rs.getString("category"), rs.getLong("units"))).list());
        long most = units.stream().mapToLong(Map.Entry::getValue).max().orElse(0);
        Map<String, Float> weights = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Long> u : units) {
            weights.put(u.getKey(), (float) u.getValue() / most);
        }
        return weights;
    }

    @Override
    public List<Product> activeByIds(List<Long> ids) {
        Objects.requireNonNull(ids, "ids");
        return load(new java.util.LinkedHashSet<>(ids)).stream().filter(p -> p.status() == Status.ACTIVE).toList();
    }

    @Override
    public Page<Product> listOwn(Actor merchant, int page, int size) {
        Objects.requireNonNull(merchant, "merchant");
        if (!merchant.is(Role.MERCHANT)) {
            throw new CommerceException.Forbidden("only merchants have products of their own");
        }
        Page.check(page, size);
        long total = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM products WHERE merchant_id = :m")
                .bind("m", merchant.accountId()).mapTo(Long.class).one());
        List<Long> ids = jdbi.withHandle(h -> h.createQuery("SELECT id FROM products WHERE merchant_id = :m "
                        + "ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .bind("m", merchant.accountId()).bind("limit", size).bind("offset", (long) page * size)
                .mapTo(Long.class).list());
        return new Page<>(load(ids), page, size, total);
    }

    @Override
    public List<Category> categories() {
        return categories;
    }

    /** The products with these ids, in this order (missing ids are left out), with their variants. */
    private List<Product> load(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> {
            Map<Long, List<Variant>> variants = new LinkedHashMap<>();
            h.createQuery("SELECT sku, product_id, price_minor, currency, stock, attributes FROM variants "
                            + "WHERE product_id IN (<ids>) ORDER BY product_id, line_no")
                    .bindList("ids", List.copyOf(ids))
                    .map((rs, ctx) -> Map.entry(rs.getLong("product_id"), new Variant(rs.getString("sku"),
                            Money.of(rs.getLong("price_minor"), rs.getString("currency").strip()), rs.getInt("stock"),
                            fromJson(rs.getString("attributes")))))
                    .forEach(e -> variants.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            Map<Long, Product> byId = new LinkedHashMap<>();
            h.createQuery("SELECT " + PRODUCT_COLUMNS + " FROM products p JOIN accounts a ON a.id = p.merchant_id "
                            + "WHERE p.id IN (<ids>)")
                    .bindList("ids", List.copyOf(ids))
                    .map((rs, ctx) -> new Product(rs.getLong("id"), rs.getLong("merchant_id"),
                            rs.getString("merchant_name"), rs.getString("title"), rs.getString("description"),
                            rs.getString("category"), Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                            variants.getOrDefault(rs.getLong("id"), List.of()), Sql.instant(rs, "created_at"),
                            Sql.instant(rs, "updated_at")))
                    .forEach(p -> byId.put(p.id(), p));
            List<Product> out = new ArrayList<>(ids.size());
            for (long id : ids) {
                Product p = byId.get(id);
                if (p != null) {
                    out.add(p);
                }
            }
            return out;
        });
    }

    private static String toJson(Map<String, String> attributes) {
        try {
            return JSON.writeValueAsString(attributes == null ? Map.of() : new LinkedHashMap<>(attributes));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode attributes", e);
        }
    }

    private static Map<String, String> fromJson(String json) {
        try {
            return java.util.Collections.unmodifiableMap(JSON.readValue(json, ATTRIBUTES));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored attributes are not valid JSON", e);
        }
    }

    @Override
    public void close() {
        index.close();
    }
}
