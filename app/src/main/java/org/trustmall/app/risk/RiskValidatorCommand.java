package org.trustmall.app.risk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Json;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.crypto.KeyFiles;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.ordering.raft.RaftConfig;
import org.trustmall.ledger.ordering.raft.RaftConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trustmall risk validator}: an organisation's re-execution validator ({@link RiskValidator}), beside its
 * ledger node: the node's config file gives the organisation, its key, its ledger directory (read read-only) and the
 * cluster's peers (where the votes go).
 */
@Command(name = "validator", mixinStandardHelpOptions = true,
        description = {"Re-executes the platform's risk decisions as this organisation's validator: for each decision "
                + "waiting for its vote, checks the served feature vector against the commitment on its own node's "
                + "ledger, the served model against the registered hash, re-scores, and votes agree or disagree "
                + "through the ledger cluster, signed with the organisation's key.",
                "Disagreements print their reason: commitment mismatch, model hash mismatch or score mismatch."})
public final class RiskValidatorCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RiskValidatorCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The organisation's ledger node config (node.properties).")
    Path config;

    @Option(names = "--platform", required = true, paramLabel = "URL",
            description = "The platform's base URL, e.g. http://127.0.0.1:8080.")
    String platform;

    @Option(names = "--once", description = "One round, then exit (default: a round every --every seconds).")
    boolean once;

    @Option(names = "--every", defaultValue = "10", paramLabel = "SECONDS",
            description = "Seconds between rounds when looping (default ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--json", description = "Print each round's votes as JSON.")
    boolean json;

    @Override
    public void run() {
        if (every < 1) {
            throw new Errors.UsageException("--every must be at least 1 second, was " + every);
        }
        if (!platform.startsWith("http://") && !platform.startsWith("https://")) {
            throw new Errors.UsageException("--platform must be an http:// or https:// URL, was " + platform);
        }
        Path file = config.toAbsolutePath().normalize();
        RaftConfig node = RaftConfig.load(file);
        SigningKey key;
        try {
            key = KeyFiles.readPrivate(node.keyFile());
        } catch (LedgerException e) {
            throw new RaftConfigException(file, "key.file", e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        try (RiskValidator validator = new RiskValidator(node, key, platform)) {
            while (true) {
                List<RiskValidator.Vote> votes = validator.round();
                print(out, node.organisation(), votes);
                if (once) {
                    return;
                }
                try {
                    Thread.sleep(every * 1000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void print(PrintWriter out, String organisation, List<RiskValidator.Vote> votes) {
        for (RiskValidator.Vote v : votes) {
            if (!v.agree()) {
                LOG.warn("{} disagrees with the decision on {}: {} ({})", organisation, v.order(),
                        v.reason().text(), v.detail());
            }
        }
        if (json) {
            ObjectNode doc = Json.object().put("organisation", organisation);
            ArrayNode list = doc.putArray("votes");
            for (RiskValidator.Vote v : votes) {
                list.addObject().put("orderId", v.orderId()).put("order", v.order()).put("agree", v.agree())
                        .put("reason", v.reason().text()).put("detail", v.detail())
                        .put("transactionId", v.transactionId());
            }
            Json.print(out, doc);
        } else {
            for (RiskValidator.Vote v : votes) {
                out.printf("%s %s: %s (%s)%n", v.order(), v.agree() ? "agree" : "disagree", v.reason().text(),
                        v.detail());
            }
            out.printf("%s voted on %d decision(s)%n", organisation, votes.size());
        }
        out.flush();
    }
}
