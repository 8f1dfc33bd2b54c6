package org.trustmall.commerce.catalogue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.trustmall.commerce.CommerceException.InvalidInput;
import org.trustmall.commerce.money.Money;

/** What a valid product looks like. Pure: every failure is an {@link InvalidInput} naming the field. */
final class ProductRules {
    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 10_000;
    static final int MAX_VARIANTS = 50;
    static final int MAX_STOCK = 1_000_000_000;
    static final int MAX_RESTOCK = 1_000_000;
    static final long MAX_PRICE_MINOR = 1_000_000_000_000L;
    static final int MAX_ATTRIBUTES = 20;
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private ProductRules() {
    }

    static String title(String field, String title) {
        String t = title == null ? "" : title.strip();
        int n = t.codePointCount(0, t.length());
        if (n < 1 || n > MAX_TITLE) {
            throw new InvalidInput(field, "must be 1-" + MAX_TITLE + " characters");
        }
        noControl(field, t);
        return t;
    }

    static String description(String field, String description) {
        String d = description == null ? "" : description.strip();
        if (d.codePointCount(0, d.length()) > MAX_DESCRIPTION) {
            throw new InvalidInput(field, "must be at most " + MAX_DESCRIPTION + " characters");
        }
        return d;
    }

    static String category(String field, String category, Set<String> known) {
        if (category == null || !known.contains(category)) {
            throw new InvalidInput(field, "must be one of " + String.join(", ", known.stream().sorted().toList()));
        }
        return category;
    }

    static void price(String field, Money price) {
        if (price == null) {
            throw new InvalidInput(field, "is required");
        }
        if (price.minor() < 1 || price.minor() > MAX_PRICE_MINOR) {
            throw new InvalidInput(field, "must be between 1 and " + MAX_PRICE_MINOR + " minor units");
        }
    }

    static void variants(String field, List<CatalogueService.VariantInput> variants, int existing) {
        if (variants == null) {
            throw new InvalidInput(field, "is required");
        }
        if (existing + variants.size() > MAX_VARIANTS || (existing == 0 && variants.isEmpty())) {
            throw new InvalidInput(field, "a product has 1-" + MAX_VARIANTS + " variants");
        }
        Set<String> skus = new HashSet<>();
        for (int i = 0; i < variants.size(); i++) {
            String at = field + "[" + i + "]";
            CatalogueService.VariantInput v = variants.get(i);
            if (v == null) {
                throw new InvalidInput(at, "is required");
            }
            if (v.sku() == null || !SKU.matcher(v.sku()).matches()) {
                throw new InvalidInput(at + ".sku", "must be 1-64 characters of A-Z a-z 0-9 - _ .");
            }
            if (!skus.add(v.sku())) {
                throw new InvalidInput(at + ".sku", "appears twice");
            }
            price(at + ".price", v.price());
            if (v.stock() < 0 || v.stock() > MAX_STOCK) {
                throw new InvalidInput(at + ".stock", "must be between 0 and " + MAX_STOCK);
            }
            attributes(at + ".attributes", v.attributes());
        }
    }

    static void attributes(String field, Map<String, String> attributes) {
        if (attributes == null) {
            return;
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new InvalidInput(field, "at most " + MAX_ATTRIBUTES + " attributes");
        }
        attributes.forEach((k, v) -> {
            if (k == null || k.isBlank() || k.length() > 32) {
                throw new InvalidInput(field, "names are 1-32 characters");
            }
            if (v == null || v.length() > 100) {
                throw new InvalidInput(field + "." + k, "must be 0-100 characters");
            }
            noControl(field + "." + k, k + v);
        });
    }

    static int restock(String field, Integer restock) {
        if (restock < 1 || restock > MAX_RESTOCK) {
            throw new InvalidInput(field, "must be between 1 and " + MAX_RESTOCK);
        }
        return restock;
    }

    private static void noControl(String field, String s) {
        if (s.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidInput(field, "must not contain control characters");
        }
    }
}
