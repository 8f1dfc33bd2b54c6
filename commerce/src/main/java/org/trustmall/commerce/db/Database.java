package org.trustmall.commerce.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.DatabaseConfig;

/**
 * The commerce database: a HikariCP pool, migrated with Flyway on open (one set of migrations for H2 and
 * PostgreSQL), and Jdbi over it. Thread-safe; close it to release the pool (and, for H2, the database file).
 *
 * <p>Nested {@code jdbi.inTransaction}/{@code useHandle} calls on one thread share the outermost handle (Jdbi's
 * per-thread handle scope), which is what lets separate stores join one transaction: a checkout's orders and its
 * shipping address commit together or not at all.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final boolean h2;

    private Database(HikariDataSource pool, boolean h2) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        this.h2 = h2;
    }

    /** Opens the pool and brings the schema up to date; fails with a message naming the database otherwise. */
    public static Database open(DatabaseConfig config) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.jdbcUrl());
        hc.setUsername(config.user());
        hc.setPassword(config.password());
        hc.setMaximumPoolSize(config.maxPoolSize());
        hc.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        hc.setPoolName("trustmall-commerce");
        hc.setAutoCommit(true);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new CommerceException("cannot connect to " + config + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new CommerceException("cannot migrate " + config + ": " + rootMessage(e), e);
        }
        return new Database(pool, config.isH2());
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public boolean isH2() {
        return h2;
    }

    @Override
    public void close() {
        pool.close();
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
