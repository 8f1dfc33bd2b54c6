package org.trustmall.app.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.app.Cli;
import org.trustmall.commerce.DatabaseConfig;

/** {@code trustmall admin reconcile} over the demo marketplace's real H2 database and ledger. */
class AdminReconcileCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theDemoReconcilesAndAChangedStatementAmountIsReportedWithANonZeroExit() throws Exception {
        Path data = tmp.resolve("data");
        Cli demo = Cli.run("demo", "--data-dir", data.toString(), "--products", "12", "--no-serve");
        assertEquals(0, demo.exit(), demo::toString);

        Cli clean = Cli.run("admin", "reconcile", "--data-dir", data.toString());
        assertEquals(0, clean.exit(), clean::toString);
        assertTrue(clean.out().startsWith("reconciled:"), clean::toString);

        DatabaseConfig db = DatabaseConfig.embedded(data);
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE merchant_entries SET amount_minor = amount_minor + 100 "
                    + "WHERE id = (SELECT MIN(id) FROM merchant_entries)"), "the demo has released escrows");
        }
        Cli tampered = Cli.run("admin", "reconcile", "--data-dir", data.toString(), "--json");
        assertEquals(1, tampered.exit(), tampered::toString);
        assertTrue(tampered.out().contains("\"reconciled\" : false"), tampered::toString);
        assertTrue(tampered.out().contains("released: database"), tampered::toString);

        Cli noLedger = Cli.run("admin", "reconcile", "--data-dir", tmp.resolve("empty").toString());
        assertEquals(2, noLedger.exit(), noLedger::toString);
        assertTrue(noLedger.err().contains("holds no platform data"), noLedger::toString);
    }
}
