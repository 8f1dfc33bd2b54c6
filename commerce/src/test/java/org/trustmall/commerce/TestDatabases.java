package org.trustmall.commerce;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases persistence tests run on: an H2 file database in a temporary directory, and PostgreSQL in a fresh
 * schema of its own (created here, dropped on close) so that runs never see each other's rows.
 *
 * <p>PostgreSQL comes from the system properties {@code trustmall.test.pg.url|user|password} (surefire maps them from
 * TRUSTMALL_TEST_PG_URL/USER/PASSWORD). Without a URL the PostgreSQL runs are skipped with a message — except in CI
 * ({@code trustmall.ci=true}), where a missing database is a failure, not a skip.
 */
public final class TestDatabases {
    public enum Kind { H2, POSTGRESQL }

    /** A database for one test; close it to drop the PostgreSQL schema. */
    public record TestDatabase(Kind kind, DatabaseConfig config, String schemaToDrop) implements AutoCloseable {
        @Override
        public void close() {
            if (schemaToDrop != null) {
                execute("DROP SCHEMA " + schemaToDrop + " CASCADE");
            }
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestDatabases() {
    }

    public static TestDatabase open(Kind kind, Path dir) {
        return open(kind, dir, 10);
    }

    public static TestDatabase open(Kind kind, Path dir, int poolSize) {
        if (kind == Kind.H2) {
            return new TestDatabase(kind, DatabaseConfig.embedded(dir).withMaxPoolSize(poolSize), null);
        }
        String url = requirePostgres();
        String schema = "t_" + HexFormat.of().toHexDigits(RANDOM.nextLong());
        execute("CREATE SCHEMA " + schema);
        String withSchema = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new TestDatabase(kind, new DatabaseConfig(withSchema, property("trustmall.test.pg.user"),
                property("trustmall.test.pg.password"), poolSize), schema);
    }

    /** The PostgreSQL URL; skips the test without one, or fails it in CI. */
    static String requirePostgres() {
        String url = property("trustmall.test.pg.url");
        if (url == null) {
            String message = "PostgreSQL tests skipped: set TRUSTMALL_TEST_PG_URL (e.g. "
                    + "jdbc:postgresql://127.0.0.1:5432/postgres), TRUSTMALL_TEST_PG_USER and "
                    + "TRUSTMALL_TEST_PG_PASSWORD to run them";
            if ("true".equalsIgnoreCase(property("trustmall.ci"))) {
                fail("CI must run the PostgreSQL tests, but TRUSTMALL_TEST_PG_URL is not set. " + message);
            }
            Assumptions.abort(message);
        }
        return url;
    }

    /** A property, or null when unset, blank, or left as an unresolved ${env.…} placeholder by Maven. */
    static String property(String name) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() || v.startsWith("${") ? null : v;
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(requirePostgres(), property("trustmall.test.pg.user"),
                property("trustmall.test.pg.password")); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: " + sql + ": " + e.getMessage(), e);
        }
    }
}
