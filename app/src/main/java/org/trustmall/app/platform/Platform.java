package org.trustmall.app.platform;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trustmall.ai.AiException;
import org.trustmall.ai.recsys.ModelSelection;
import org.trustmall.app.cli.DataDir;
import org.trustmall.app.ledger.ConsortiumNode;
import org.trustmall.app.ledger.LedgerSetup;
import org.trustmall.assistant.Assistant;
import org.trustmall.assistant.Assistants;
import org.trustmall.assistant.llm.LanguageModel;
import org.trustmall.assistant.llm.LlmConfig;
import org.trustmall.commerce.Commerce;
import org.trustmall.commerce.CommerceConfig;
import org.trustmall.commerce.Commerces;
import org.trustmall.commerce.DatabaseConfig;
import org.trustmall.commerce.chain.LedgerGateways;
import org.trustmall.commerce.payments.SimulatedPaymentProvider;
import org.trustmall.commerce.recommend.ModelRegistry;
import org.trustmall.commerce.recommend.ModelRejected;
import org.trustmall.commerce.recommend.RecommenderTraining;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.server.ServerConfig;
import org.trustmall.server.TrustMallServer;

/**
 * The whole platform wired from a data directory: the ledger (the embedded one, created on first run, or this
 * organisation's node of a consortium cluster), the commerce services on the embedded H2 database or PostgreSQL, and
 * optionally the HTTP server. The platform's commerce service signs ledger transactions with its own role key
 * ("commerce"), registered with the ledger on first run (on a cluster node, through the cluster).
 */
public final class Platform implements AutoCloseable {
    public static final String SERVICE_ROLE = "commerce";

    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

    private final Ledger ledger;
    private final Commerce commerce;
    private final String organisation;
    private TrustMallServer server;
    private ScheduledExecutorService trainer;

    private Platform(Ledger ledger, Commerce commerce, String organisation) {
        this.ledger = ledger;
        this.commerce = commerce;
        this.organisation = organisation;
    }

    /** Opens the ledger and commerce; {@code database} null means the embedded H2 file under the data dir. */
    public static Platform open(DataDir data, DatabaseConfig database) {
        return open(data, database, UnaryOperator.identity());
    }

    /** As above, with the commerce rules adjusted by {@code tune} (escrow timeout, dispute panel, return window). */
    public static Platform open(DataDir data, DatabaseConfig database, UnaryOperator<CommerceConfig> tune) {
        return open(data, PlatformLedger.embedded(), database, tune);
    }

    /**
     * As above, on the ledger {@code choice} names: the embedded one in the data directory, or this organisation's
     * node of a consortium cluster ({@link ConsortiumNode}). Nothing above the ledger differs.
     */
    public static Platform open(DataDir data, PlatformLedger choice, DatabaseConfig database,
                                UnaryOperator<CommerceConfig> tune) {
        // A bad node config must stop start-up before anything is written.
        ConsortiumNode node = choice instanceof PlatformLedger.ClusterNode c
                ? ConsortiumNode.check(data, c.config(), c.clusterWait()) : null;
        // The personal-data keys first: a wrong or missing key-encryption key must stop start-up untouched.
        Commerces.checkVault(data.root());
        Ledger ledger;
        if (node == null) {
            if (!data.hasLedger()) {
                LedgerSetup.init(data, LedgerSetup.DEFAULT_ORGANISATION);
            }
            ledger = LedgerSetup.open(data, LedgerOptions.DEFAULT);
        } else {
            ledger = node.open();
        }
        try {
            // On a cluster node the registration is a transaction the cluster orders, like any other.
            SigningKey service = node == null ? LedgerGateways.ensureServiceRole(ledger, data.keys(), SERVICE_ROLE)
                    : node.ensureServiceRole(ledger, SERVICE_ROLE);
            CommerceConfig defaults = CommerceConfig.defaults(data.root());
            CommerceConfig config = tune.apply(database == null ? defaults : defaults.withDatabase(database));
            Commerce commerce = Commerces.open(config, LedgerGateways.over(ledger, service, data.keys(),
                            InstantSource.system()),
                    SimulatedPaymentProvider.journaled(data.root().resolve("payments").resolve("simulated.journal")),
                    null, InstantSource.system());
            return new Platform(ledger, commerce, data.keys().organisation().organisation().name());
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    /** The platform's recommender training over the given families; see {@link RecommenderTraining}. */
    public RecommenderTraining recommenderTraining(List<String> families, long seed) {
        return new RecommenderTraining(commerce.trainingSnapshots(), commerce.models(), commerce.recommendations(),
                commerce.catalogue(), families, seed);
    }

    /**
     * Serves the newest registered model whose artifact matches its registration; a mismatching or unreadable
     * artifact is refused (logged, and lists stay non-personalised until the next training run).
     */
    public Optional<ModelRegistry.Registration> deployLatestModel(RecommenderTraining training) {
        try {
            return training.deployLatest();
        } catch (ModelRejected | AiException e) {
            LOG.warn("recommender model not deployed: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Trains the recommender in the background every {@code every}, the first run after {@code firstAfter}. A failed
     * run is logged and the next one tried on schedule; the model served meanwhile stays.
     */
    public Platform scheduleTraining(RecommenderTraining training, Duration firstAfter, Duration every) {
        if (trainer != null) {
            throw new IllegalStateException("training is already scheduled");
        }
        trainer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recommender-training");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        Runnable run = () -> {
            try {
                RecommenderTraining.Outcome o = training.train(ModelSelection.Listener.NONE);
                LOG.info("recommender training: {}", o.trained() ? "deployed " + o.model().id() : o.note());
            } catch (RuntimeException e) {
                LOG.warn("recommender training failed; the served model stays: {}", e.toString());
            }
        };
        if (every == null) {
            trainer.schedule(run, firstAfter.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            trainer.scheduleWithFixedDelay(run, firstAfter.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /**
     * Starts the HTTP server with the customer-service assistant: its intent classifiers are trained on the bundled
     * platform intents first (seconds), {@code llm} is the optional external model.
     */
    public Platform serve(ServerConfig config, LlmConfig llm) {
        Assistant assistant = Assistants.open(commerce, LanguageModel.open(llm, commerce.externalAi()));
        server = TrustMallServer.start(config, commerce, ledger, Optional.of(assistant), organisation);
        LOG.info("customer-service assistant ready (external language model: {})", llm.enabled() ? "configured, "
                + "used only with external_ai consent" : "none");
        return this;
    }

    public Ledger ledger() {
        return ledger;
    }

    public Commerce commerce() {
        return commerce;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        if (trainer != null) {
            trainer.shutdownNow();
            try {
                // A run in progress stops at its next step; the database must outlive it.
                trainer.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (server != null) {
            server.close();
        }
        commerce.close();
        ledger.close();
    }
}
