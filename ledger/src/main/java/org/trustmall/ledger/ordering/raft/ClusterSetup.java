package org.trustmall.ledger.ordering.raft;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.LedgerLayout;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.KeyFiles;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.execution.ChainParameters;
import org.trustmall.ledger.execution.ContractRuntime;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.identity.TrustedKeys;

/**
 * Lays out a new consortium: one genesis naming every organisation, and per organisation a node directory holding a
 * copy of the genesis ledger, the organisation's private key and a node config file ({@link RaftConfig}).
 *
 * <pre>
 * DIR/genesis/          the genesis ledger, kept to start new nodes from
 * DIR/trusted-keys.json every organisation's public key, bound to the chain
 * DIR/ORG/node.properties, DIR/ORG/ORG.key, DIR/ORG/ledger/, DIR/ORG/raft/ (made on first start)
 * </pre>
 *
 * In production each node directory is moved to its organisation's host (the addresses in the config files say
 * where); on one machine the nodes run side by side on loopback ports.
 */
public final class ClusterSetup {

    /** What was made: the chain id and each node's config file, in the organisations' order. */
    public record Layout(Hash chainId, List<Path> configs, Path trustedKeys) {
    }

    private ClusterSetup() {
    }

    /**
     * @param organisations node ids and organisation names at once (letters, digits, '-' and '_'); the first signs
     *                      the genesis
     * @param addresses     each node's host:port, in the same order
     */
    public static Layout create(Path dir, List<String> organisations, List<String> addresses,
                                ChainParameters parameters, ContractRuntime runtime) {
        if (organisations.size() != addresses.size() || organisations.isEmpty()) {
            throw new IllegalArgumentException("one address per organisation, and at least one organisation");
        }
        if (new HashSet<>(organisations).size() != organisations.size()) {
            throw new IllegalArgumentException("organisation names must differ: " + organisations);
        }
        for (String o : organisations) {
            if (!o.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("organisation '" + o + "' may hold only letters, digits, '-' and"
                        + " '_' (1 to 64)");
            }
        }
        List<SigningKey> keys = new ArrayList<>();
        List<Organisation> orgs = new ArrayList<>();
        for (String o : organisations) {
            SigningKey key = SigningKey.generate();
            keys.add(key);
            orgs.add(new Organisation(o, key.publicKey()));
        }
        Path genesis = dir.resolve("genesis");
        Hash chain = Ledger.create(genesis, orgs, keys.get(0), parameters, runtime, LedgerOptions.DEFAULT);
        Path trusted = dir.resolve("trusted-keys.json");
        TrustedKeys.all(chain, orgs).write(trusted);
        StringBuilder peers = new StringBuilder();
        for (int i = 0; i < organisations.size(); i++) {
            peers.append(i == 0 ? "" : ",").append(organisations.get(i)).append('=').append(addresses.get(i));
        }
        List<Path> configs = new ArrayList<>();
        for (int i = 0; i < organisations.size(); i++) {
            String o = organisations.get(i);
            Path node = dir.resolve(o);
            copyLedger(genesis, node.resolve("ledger"));
            KeyFiles.writePrivate(node.resolve(o + ".key"), keys.get(i));
            Path config = node.resolve("node.properties");
            String text = "# Ledger node " + o + " of chain " + chain.hex() + "\n"
                    + "node.id=" + o + "\n"
                    + "node.address=" + addresses.get(i) + "\n"
                    + "peers=" + peers + "\n"
                    + "ledger.dir=ledger\n"
                    + "raft.dir=raft\n"
                    + "organisation=" + o + "\n"
                    + "key.file=" + o + ".key\n";
            try {
                Files.writeString(config, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new LedgerException("cannot write " + config + ": " + e.getMessage(), e);
            }
            configs.add(config);
        }
        return new Layout(chain, List.copyOf(configs), trusted);
    }

    /** Copies a closed ledger's files (not its lock) to a new directory, e.g. the genesis to a new node. */
    public static void copyLedger(Path from, Path to) {
        LedgerLayout source = new LedgerLayout(from);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                if (f.equals(source.lock())) {
                    continue;
                }
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        } catch (IOException e) {
            throw new LedgerException("cannot copy the ledger in " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
