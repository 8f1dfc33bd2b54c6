package org.trustmall.commerce;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where commerce keeps its tables: an H2 file database by default, or PostgreSQL (the same Flyway migrations run on
 * both). {@link #toString()} leaves the password out.
 *
 * @param maxPoolSize most pooled connections
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int maxPoolSize) {
    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the database must be H2 (jdbc:h2:…) or PostgreSQL "
                    + "(jdbc:postgresql:…), not " + jdbcUrl.replaceAll("password=[^&;]*", "password=…"));
        }
        if (maxPoolSize < 1 || maxPoolSize > 500) {
            throw new IllegalArgumentException("maxPoolSize must be between 1 and 500, not " + maxPoolSize);
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /**
     * The embedded H2 file database at {@code dataDir/db/trustmall}, in PostgreSQL mode so that one set of
     * migrations and queries serves both; one process at a time (no AUTO_SERVER).
     */
    public static DatabaseConfig embedded(Path dataDir) {
        Path base = dataDir.toAbsolutePath().resolve("db").resolve("trustmall");
        // LOCK_TIMEOUT: checkouts of a popular SKU queue on its row; wait for the row rather than fail at H2's 1 s.
        return new DatabaseConfig("jdbc:h2:file:" + base
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=20000",
                "trustmall", "", 10);
    }

    public boolean isH2() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    public DatabaseConfig withMaxPoolSize(int size) {
        return new DatabaseConfig(jdbcUrl, user, password, size);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[" + jdbcUrl + ", user=" + user + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
