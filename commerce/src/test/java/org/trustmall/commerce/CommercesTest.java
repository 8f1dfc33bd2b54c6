package org.trustmall.commerce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.commerce.catalogue.CatalogueService;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.payments.SimulatedPaymentProvider;

/** The embedded defaults: everything in one data directory, surviving a restart. */
class CommercesTest {
    @TempDir
    Path dir;

    @Test
    void theDefaultsKeepEverythingInTheDataDirectoryAndSurviveARestart() {
        CommerceConfig config = CommerceConfig.defaults(dir);
        assertEquals("CNY", config.defaultCurrency());
        String token;
        try (Commerce c = Commerces.open(config, new NoLedger(), new SimulatedPaymentProvider(), null,
                InstantSource.system())) {
            AccountService.Account shop = c.accounts().createUser(new AccountService.Registration("shop@example.com",
                    "a long enough password", Role.MERCHANT, "Shop"));
            c.catalogue().create(new Actor(shop.id(), Role.MERCHANT, "s"), new CatalogueService.ProductInput(
                    "无线蓝牙耳机", "", "electronics", java.util.List.of(new CatalogueService.VariantInput("HP",
                    Money.of(100, "CNY"), 1, java.util.Map.of()))));
            token = c.accounts().login("shop@example.com", "a long enough password", "127.0.0.1").token();
        }
        assertTrue(Files.isDirectory(dir.resolve("search")));
        assertTrue(Files.exists(dir.resolve("db").resolve("trustmall.mv.db")));
        assertTrue(Files.exists(dir.resolve("keys").resolve("commerce").resolve("session.key")));
        try (Commerce c = Commerces.open(config, new NoLedger(), new SimulatedPaymentProvider(), null,
                InstantSource.system())) {
            assertEquals(Role.MERCHANT, c.accounts().authenticate(token).role(), "sessions outlive a restart");
            assertEquals(1, c.catalogue().search(new CatalogueService.SearchQuery("耳机", null, 0, 10)).total());
        }
    }

    @Test
    void anUnreachableDatabaseIsReportedWithoutItsPassword() {
        CommerceConfig config = CommerceConfig.defaults(dir).withDatabase(new DatabaseConfig(
                "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1", "nobody", "hunter2-secret", 1));
        CommerceException e = assertThrows(CommerceException.class, () -> Commerces.open(config, new NoLedger(),
                new SimulatedPaymentProvider(), null, InstantSource.system()));
        assertTrue(!e.getMessage().contains("hunter2-secret"), e.getMessage());
    }
}
