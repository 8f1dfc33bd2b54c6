package org.trustmall.app.platform;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.trustmall.app.cli.DataDir;
import org.trustmall.app.cli.Errors;
import org.trustmall.commerce.DatabaseConfig;
import org.trustmall.commerce.recommend.ModelRegistry;
import org.trustmall.commerce.recommend.RecommenderTraining;
import org.trustmall.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trustmall serve}: runs the platform until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the platform: ledger, commerce services and the HTTP API.")
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--data-dir", defaultValue = "${env:TRUSTMALL_DATA_DIR:-trustmall-data}",
            description = "Data directory (default: $TRUSTMALL_DATA_DIR or ./trustmall-data).")
    Path dataDir;
    @Option(names = "--port", defaultValue = "${env:TRUSTMALL_PORT:-8080}", description = "HTTP port (default: "
            + "$TRUSTMALL_PORT or 8080; 0 picks a free one).")
    int port;
    @Option(names = "--host", defaultValue = "${env:TRUSTMALL_HOST:-127.0.0.1}",
            description = "Interface to listen on (default: $TRUSTMALL_HOST or 127.0.0.1).")
    String host;
    @Option(names = "--db-url", defaultValue = "${env:TRUSTMALL_DB_URL}",
            description = "JDBC URL of a PostgreSQL database (default: $TRUSTMALL_DB_URL, else the embedded H2 "
                    + "database in the data directory).")
    String dbUrl;
    @Option(names = "--db-user", defaultValue = "${env:TRUSTMALL_DB_USER}", description = "Database user.")
    String dbUser;
    @Option(names = "--db-password-env", defaultValue = "TRUSTMALL_DB_PASSWORD",
            description = "Name of the environment variable holding the database password (default: "
                    + "${DEFAULT-VALUE}); passwords are never taken on the command line.")
    String dbPasswordEnv;
    @Option(names = "--ledger-node", defaultValue = "${env:TRUSTMALL_LEDGER_NODE}", paramLabel = "FILE",
            description = "Consortium mode: run the platform as its organisation's node of a ledger cluster, the node "
                    + "that FILE (a 'ledger node' config) describes, instead of the embedded solo ledger in the data "
                    + "directory (default: $TRUSTMALL_LEDGER_NODE, else the embedded ledger).")
    String ledgerNode;
    @Option(names = "--ledger-wait", defaultValue = "${env:TRUSTMALL_LEDGER_WAIT:-120}", paramLabel = "SECONDS",
            description = "With --ledger-node: how long start-up waits for the cluster to elect a leader, and then "
                    + "to commit the platform's role registration (default: $TRUSTMALL_LEDGER_WAIT or 120).")
    int ledgerWait;
    @Mixin
    CommerceOptions commerce;
    @Mixin
    RecsysOptions recsys;
    @Mixin
    AssistantOptions assistant;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new Errors.UsageException("option '--port' must be 0-65535, got " + port);
        }
        if (ledgerWait < 1) {
            throw new Errors.UsageException("option '--ledger-wait' must be at least 1 second, got " + ledgerWait);
        }
        DataDir data = DataDir.of(dataDir);
        PrintWriter out = spec.commandLine().getOut();
        List<String> families = recsys.families();
        Duration every = recsys.retrainEvery();
        PlatformLedger ledger = ledgerNode == null || ledgerNode.isBlank() ? PlatformLedger.embedded()
                : PlatformLedger.clusterNode(Path.of(ledgerNode), Duration.ofSeconds(ledgerWait));
        try (Platform platform = Platform.open(data, ledger, database(dbUrl, dbUser, dbPasswordEnv),
                commerce.apply())) {
            RecommenderTraining training = platform.recommenderTraining(families, recsys.seed());
            Optional<ModelRegistry.Registration> model = platform.deployLatestModel(training);
            if (model.isEmpty() || every != null) {
                // Without a model the first run comes soon after start; with one, on schedule.
                platform.scheduleTraining(training, model.isEmpty() ? Duration.ofSeconds(30) : every, every);
            }
            platform.serve(new ServerConfig(host, port, ServerConfig.DEFAULT_MAX_BODY_BYTES, Duration.ofMinutes(1)),
                    assistant.llm());
            out.println("TrustMall is serving http://" + host + ":" + platform.port() + "/  (API under /api/v1, "
                    + "OpenAPI at /openapi.json); data in " + data.root());
            if (ledger instanceof PlatformLedger.ClusterNode node) {
                out.println("ledger: consortium node (" + node.config() + "), " + platform.ledger().organisations()
                        .size() + " organisations, height " + platform.ledger().height());
            }
            out.println(model.map(m -> "recommender: " + m.id() + " (registered at ledger height " + m.height() + ")")
                    .orElse("recommender: no model yet; popular products until the first training run"));
            out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }

    /**
     * The database from {@code --db-url}/{@code --db-user} and the password in {@code passwordEnv}; null (the
     * embedded H2) without a URL. Shared by every command that opens the platform.
     */
    public static DatabaseConfig database(String url, String user, String passwordEnv) {
        if (url == null || url.isBlank()) {
            return null;
        }
        if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw new Errors.UsageException("option '--db-url' must be a jdbc:postgresql: (or jdbc:h2:) URL");
        }
        String password = passwordEnv == null ? null : System.getenv(passwordEnv);
        return new DatabaseConfig(url, user, password, 10);
    }
}
