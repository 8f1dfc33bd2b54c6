package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.trustmall.server.CommerceJourneyTest.register;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.accounts.PasswordHasher;

/** Chinese and English queries over HTTP find the expected products, the same on H2 and on PostgreSQL. */
class SearchHttpTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void chineseAndEnglishQueriesFindTheSameProductsOnEitherDatabase(TestDatabases.Kind kind) {
        try (TestPlatform p = TestPlatform.start(dir, kind,
                PasswordHasher.argon2id(new PasswordHasher.Parameters(8, 1, 1)))) {
            String merchant = register(p.http, "search@shops.example", "merchant", "Search Shop");
            create(p, merchant, "无线蓝牙耳机 Wireless Bluetooth Headphones", "electronics", "S-1");
            create(p, merchant, "Ceramic Tea Set 陶瓷茶具套装", "home", "S-2");
            create(p, merchant, "儿童益智积木", "toys", "S-3");
            create(p, merchant, "Running Shoes for Trail", "sports", "S-4");

            assertEquals(List.of("S-1"), skus(p, "蓝牙耳机", null));
            assertEquals(List.of("S-1"), skus(p, "耳机", null));
            assertEquals(List.of("S-1"), skus(p, "bluetooth", null));
            assertEquals(List.of("S-2"), skus(p, "茶具", null));
            assertEquals(List.of("S-2"), skus(p, "tea", null));
            assertEquals(List.of("S-3"), skus(p, "积木", null));
            assertEquals(List.of("S-4"), skus(p, "shoes", null));
            assertEquals(List.of(), skus(p, "茶具", "electronics"));
            assertEquals(4, p.http.get("/api/v1/products", null).json().get("total").asLong());
            assertEquals(2, p.http.get("/api/v1/products?size=2&page=1", null).json().get("items").size());
        }
    }

    private static void create(TestPlatform p, String merchant, String title, String category, String sku) {
        assertEquals(201, p.http.post("/api/v1/products", merchant, Map.of("title", title, "description",
                "demo " + title, "category", category, "variants", List.of(Map.of("sku", sku, "price",
                        Map.of("amount", 1000, "currency", "CNY"), "stock", 5)))).status());
    }

    private static List<String> skus(TestPlatform p, String q, String category) {
        String path = "/api/v1/products?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
                + (category == null ? "" : "&category=" + category);
        List<String> out = new ArrayList<>();
        p.http.get(path, null).json().get("items").forEach(i -> out.add(i.get("variants").get(0).get("sku")
                .asText()));
        return out;
    }
}
