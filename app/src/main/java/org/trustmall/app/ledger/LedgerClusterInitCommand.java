package org.trustmall.app.ledger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Json;
import org.trustmall.contracts.Contracts;
import org.trustmall.ledger.execution.ChainParameters;
import org.trustmall.ledger.ordering.raft.ClusterSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trustmall ledger cluster-init}: a consortium's genesis and one node directory per organisation. */
@Command(name = "cluster-init", mixinStandardHelpOptions = true,
        description = {"Create a consortium ledger: one genesis naming every organisation, and per organisation a "
                + "node directory (DIR/ORG) with a copy of the genesis, the organisation's key and node.properties "
                + "for 'ledger node --config'.",
                "Nodes get consecutive ports from --base-port on --host; edit node.address and peers in each "
                        + "node.properties to put nodes on separate hosts."})
final class LedgerClusterInitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--dir", required = true, description = "An empty or new directory for the cluster.")
    Path dir;
    @Option(names = "--org", required = true, description = "An organisation (and its node id); repeat, 3 or 5 "
            + "for fault tolerance.")
    List<String> organisations;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Host of every node (default: "
            + "${DEFAULT-VALUE}).")
    String host;
    @Option(names = "--base-port", defaultValue = "7001", description = "Raft port of the first node (default: "
            + "${DEFAULT-VALUE}).")
    int basePort;
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new Errors.UsageException("option '--dir': " + dir + " is not empty");
                }
            }
        }
        if (basePort < 1 || basePort + organisations.size() - 1 > 65535) {
            throw new Errors.UsageException("option '--base-port': " + basePort + " leaves no room for "
                    + organisations.size() + " ports");
        }
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < organisations.size(); i++) {
            addresses.add(host + ":" + (basePort + i));
        }
        ClusterSetup.Layout layout = ClusterSetup.create(dir, organisations, addresses, ChainParameters.DEFAULT,
                Contracts.runtime());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.object();
            o.put("chain_id", layout.chainId().hex());
            o.put("trusted_keys", layout.trustedKeys().toString());
            ArrayNode configs = o.putArray("configs");
            layout.configs().forEach(c -> configs.add(c.toString()));
            Json.print(out, o);
        } else {
            out.println("created consortium ledger " + layout.chainId().hex());
            for (Path c : layout.configs()) {
                out.println("  ./trustmall ledger node --config " + c);
            }
        }
        return 0;
    }
}
