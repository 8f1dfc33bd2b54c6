package org.trustmall.app.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.trustmall.ai.recsys.ModelSelection;
import org.trustmall.app.cli.DataDir;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Progress;
import org.trustmall.app.platform.AssistantOptions;
import org.trustmall.app.platform.CommerceOptions;
import org.trustmall.app.platform.Platform;
import org.trustmall.app.platform.RecsysOptions;
import org.trustmall.app.recsys.SelectionProgress;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.commerce.recommend.ModelRegistry;
import org.trustmall.commerce.recommend.RecommenderTraining;
import org.trustmall.ledger.Check;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.proof.LedgerJson;
import org.trustmall.ledger.proof.ProofBundle;
import org.trustmall.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code trustmall demo}: the one-command experience on embedded defaults. The first run creates the ledger and the
 * H2 database in the data directory and seeds a demo marketplace (merchants, about two thousand bilingual products,
 * buyers, past orders whose escrow and shipments are on the ledger); later runs reuse it and start at once. Then it
 * verifies one order's ledger proof against the organisation's published keys, serves the platform and prints the
 * URL and the demo logins.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the platform on embedded defaults with a seeded demo marketplace, and print the URL and "
                + "the demo logins.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--data-dir", defaultValue = "${env:TRUSTMALL_DATA_DIR:-trustmall-data}",
            description = "Data directory (default: $TRUSTMALL_DATA_DIR or ./trustmall-data).")
    Path dataDir;
    @Option(names = "--reset", description = "Delete the data directory first and start over.")
    boolean reset;
    @Option(names = "--port", defaultValue = "${env:TRUSTMALL_PORT:-8080}",
            description = "HTTP port (default: $TRUSTMALL_PORT or 8080; 0 picks a free one).")
    int port;
    @Option(names = "--products", defaultValue = "2000",
            description = "Products to generate on the first run (default: ${DEFAULT-VALUE}).")
    int products;
    @Option(names = "--no-serve", description = "Seed and check, then exit instead of serving.")
    boolean noServe;
    @Mixin
    CommerceOptions commerce;
    @Mixin
    RecsysOptions recsys;
    @Mixin
    AssistantOptions assistant;

    @Override
    public Integer call() throws InterruptedException {
        if (products < 10 || products > 100_000) {
            throw new Errors.UsageException("option '--products' must be between 10 and 100000");
        }
        if (port < 0 || port > 65535) {
            throw new Errors.UsageException("option '--port' must be 0-65535");
        }
        PrintWriter out = spec.commandLine().getOut();
        DataDir data = DataDir.of(dataDir);
        if (reset) {
            deleteTree(data.root());
        }
        try (Platform platform = Platform.open(data, null, commerce.apply())) {
            if (!DemoMarketplace.seeded(data.root())) {
                out.println("seeding the demo marketplace in " + data.root() + " (first run only)...");
                out.flush();
                DemoMarketplace.seed(platform.commerce(), data.root(), products,
                        new Progress(spec.commandLine().getErr(), Progress.terminal()));
            } else {
                out.println("reusing the demo marketplace in " + data.root());
            }
            RecommenderTraining training = platform.recommenderTraining(recsys.families(), recsys.seed());
            Optional<ModelRegistry.Registration> model = platform.deployLatestModel(training);
            if (model.isEmpty()) {
                out.println("training the recommender on the demo's browsing history (first run only)...");
                out.flush();
                Progress bar = new Progress(spec.commandLine().getErr(), Progress.terminal());
                RecommenderTraining.Outcome trained = training.train(new SelectionProgress(bar, "recsys train", 1));
                bar.end();
                if (trained.trained()) {
                    ModelSelection.Family f = trained.selection().selectedFamily();
                    out.printf("recommender: %s selected on validation (NDCG@10 %.3f, test %.3f; popularity %s), "
                            + "registered as %s%n", f.name(), f.valid().ndcg10(), f.test().ndcg10(),
                            popularity(trained.selection()), trained.model().id());
                } else {
                    out.println("recommender: not trained (" + trained.note() + "); popular products meanwhile");
                }
            } else {
                out.println("recommender: serving " + model.get().id() + " (hash checked against its ledger "
                        + "registration)");
            }
            out.println("ledger: height " + platform.ledger().height() + ", " + platform.ledger().logSize()
                    + " transactions; checkpoint root " + platform.ledger().checkpoint().root().hex());
            verifyOneOrder(platform, data, out);
            if (noServe) {
                return 0;
            }
            Duration every = recsys.retrainEvery();
            if (every != null) {
                platform.scheduleTraining(training, every, every);
            }
            platform.serve(new ServerConfig("127.0.0.1", port, ServerConfig.DEFAULT_MAX_BODY_BYTES,
                    Duration.ofMinutes(1)), assistant.llm());
            out.println();
            String base = "http://127.0.0.1:" + platform.port();
            out.println("TrustMall is running at " + base + "/");
            out.println("  storefront:      " + base + "/");
            out.println("  console:         " + base + "/console   (merchants, admins, agents, arbiters)");
            out.println("  ledger explorer: " + base + "/explorer  (to check proofs in the browser, import "
                    + data.trustedKeys() + " at " + base + "/explorer/trust)");
            out.println("  API:             " + base + "/api/v1/products?q=蓝牙耳机  (described at " + base
                    + "/openapi.json)");
            out.println("demo logins (password '" + DemoMarketplace.PASSWORD + "'):");
            for (String[] login : DemoMarketplace.logins()) {
                out.printf("  %-9s %s%n", login[0], login[1]);
            }
            out.println("press Ctrl-C to stop");
            out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }

    private static String popularity(ModelSelection.Outcome selection) {
        return selection.families().stream().filter(f -> f.name().equals("pop")).findFirst()
                .map(f -> String.format(java.util.Locale.ROOT, "%.3f", f.test().ndcg10())).orElse("not run");
    }

    /** Checks a completed demo order's first ledger transaction against the published keys, as a verifier would. */
    private static void verifyOneOrder(Platform platform, DataDir data, PrintWriter out) {
        var accounts = platform.commerce().accounts();
        Actor admin = accounts.authenticate(accounts.login(DemoMarketplace.ADMIN, DemoMarketplace.PASSWORD,
                "127.0.0.1").token());
        OrderService.Order order = platform.commerce().orders().list(admin, 0, 100).items().stream()
                .filter(o -> !o.ledger().isEmpty()).findFirst().orElse(null);
        accounts.logout(admin);
        if (order == null) {
            return;
        }
        OrderService.LedgerRef ref = order.ledger().get(0);
        ProofBundle proof = platform.ledger().proof(Hash.fromHex(ref.transactionId()))
                .orElseThrow(() -> new LedgerException("order " + order.id() + "'s transaction is missing"));
        Check check = proof.verify(TrustedKeys.read(data.trustedKeys()), Signatures.fastest());
        if (!check.ok()) {
            throw new LedgerException("the demo's own proof did not verify: " + check.reason());
        }
        out.println("verified: order " + order.id() + "'s " + ref.kind() + " transaction is entry "
                + proof.inclusion().leafIndex() + " of the ledger (" + proof.inclusion().sizeBytes()
                + "-byte proof, checkpoint signed by " + proof.checkpoint().signatures().get(0).organisation()
                + ", keys from " + data.trustedKeys() + ")");
        out.println("  fetch it yourself: /api/v1/ledger/transactions/" + ref.transactionId() + "/proof, then "
                + "./trustmall ledger verify-proof --proof FILE --trusted-keys " + data.trustedKeys());
        out.println("  (" + LedgerJson.PROOF_FORMAT + ")");
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
