package org.trustmall.app.platform;

import java.nio.file.Path;
import org.trustmall.app.cli.DataDir;
import org.trustmall.app.cli.Errors;
import org.trustmall.commerce.DatabaseConfig;
import picocli.CommandLine.Option;

/**
 * Where an operator command finds the platform: the data directory and, for PostgreSQL, the database (its password
 * from {@code $TRUSTMALL_DB_PASSWORD}, never the command line). Shared as a picocli mixin.
 */
public final class PlatformOptions {
    @Option(names = "--data-dir", defaultValue = "${env:TRUSTMALL_DATA_DIR:-trustmall-data}",
            description = "Data directory (default: $TRUSTMALL_DATA_DIR or ./trustmall-data).")
    Path dataDir;
    @Option(names = "--db-url", defaultValue = "${env:TRUSTMALL_DB_URL}", description = "PostgreSQL JDBC URL.")
    String dbUrl;
    @Option(names = "--db-user", defaultValue = "${env:TRUSTMALL_DB_USER}", description = "Database user.")
    String dbUser;

    public Path dataDir() {
        return dataDir;
    }

    /** The data directory, which must already hold a platform (a ledger); a usage error saying what is missing. */
    public DataDir existing(String toDoWhat) {
        DataDir data = DataDir.of(dataDir);
        if (!data.hasLedger()) {
            throw new Errors.UsageException(dataDir + " holds no platform data (no ledger); nothing to " + toDoWhat);
        }
        return data;
    }

    /** Opens the platform the options name. */
    public Platform open(DataDir data) {
        return Platform.open(data, database());
    }

    /** The PostgreSQL database named, or null for the embedded one. */
    public DatabaseConfig database() {
        return ServeCommand.database(dbUrl, dbUser, "TRUSTMALL_DB_PASSWORD");
    }
}
