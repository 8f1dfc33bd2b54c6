package org.trustmall.ledger.ordering.raft;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * How one ledger node of a Raft cluster runs: who it is, where its peers are, where its files live, and how it
 * batches. Read from a properties file, one per node:
 *
 * <pre>
 * node.id        = n1                                   # this node's id, one of the peers
 * node.address   = 127.0.0.1:7001                       # host:port this node's Raft server listens on
 * peers          = n1=127.0.0.1:7001,n2=10.0.0.2:7001,n3=10.0.0.3:7001   # every node, this one included
 * group          = trustmall                            # optional; the same on every node (default trustmall)
 * ledger.dir     = ledger                               # this node's ledger (a copy of the genesis ledger)
 * raft.dir       = raft                                 # this node's Raft log and where the ledger stands in it
 * organisation   = platform                             # this node's organisation, as named in the genesis
 * key.file       = platform.key                         # that organisation's private key (PEM)
 * batch.max      = 2000                                 # optional; most transactions per Raft entry and block
 * batch.delay.ms = 4                                    # optional; longest wait for a batch to fill, under load
 * election.timeout.min.ms = 1000                        # optional; Raft election timeout range
 * election.timeout.max.ms = 2000
 * snapshot.every.entries  = 10000                       # optional; Raft entries between snapshots (0: never, the
 *                                                       #   log is kept whole)
 * </pre>
 *
 * Relative paths are resolved against the directory of the config file. Errors name the file, the field and the
 * reason ({@link RaftConfigException}).
 *
 * @param peers every node of the cluster by id (host:port), this node included
 */
public record RaftConfig(String nodeId, String host, int port, Map<String, String> peers, String group,
                         Path ledgerDir, Path raftDir, String organisation, Path keyFile, int maxBatch,
                         Duration maxBatchDelay, Duration electionTimeoutMin, Duration electionTimeoutMax,
                         long snapshotEvery) {
    public static final String DEFAULT_GROUP = "trustmall";
    public static final long DEFAULT_SNAPSHOT_EVERY = 10_000;
    private static final Set<String> FIELDS = Set.of("node.id", "node.address", "peers", "group", "ledger.dir",
            "raft.dir", "organisation", "key.file", "batch.max", "batch.delay.ms", "election.timeout.min.ms",
            "election.timeout.max.ms", "snapshot.every.entries");

    public RaftConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(raftDir, "raftDir");
        Objects.requireNonNull(maxBatchDelay, "maxBatchDelay");
        peers = Map.copyOf(new LinkedHashMap<>(peers));
        if (!peers.containsKey(nodeId)) {
            throw new IllegalArgumentException("node " + nodeId + " is not one of the peers " + peers.keySet());
        }
        if (maxBatch < 1 || snapshotEvery < 0 || maxBatchDelay.isNegative()
                || electionTimeoutMin.compareTo(electionTimeoutMax) >= 0 || electionTimeoutMin.isNegative()
                || electionTimeoutMin.isZero()) {
            throw new IllegalArgumentException("batch.max must be positive, batch.delay and snapshots not negative, the"
                    + " election timeout range positive and not empty");
        }
    }

    /** A node's settings with the defaults for batching and elections, for code that builds a cluster itself. */
    public static RaftConfig of(String nodeId, Map<String, String> peers, Path ledgerDir, Path raftDir,
                                String organisation, Path keyFile) {
        String[] hostPort = splitAddress(peers.get(nodeId));
        return new RaftConfig(nodeId, hostPort[0], Integer.parseInt(hostPort[1]), peers, DEFAULT_GROUP, ledgerDir,
                raftDir, organisation, keyFile, 2000, Duration.ofMillis(4), Duration.ofSeconds(1),
                Duration.ofSeconds(2), DEFAULT_SNAPSHOT_EVERY);
    }

    public RaftConfig withElectionTimeout(Duration min, Duration max) {
        return new RaftConfig(nodeId, host, port, peers, group, ledgerDir, raftDir, organisation, keyFile, maxBatch,
                maxBatchDelay, min, max, snapshotEvery);
    }

    public RaftConfig withBatch(int max, Duration delay) {
        return new RaftConfig(nodeId, host, port, peers, group, ledgerDir, raftDir, organisation, keyFile, max, delay,
                electionTimeoutMin, electionTimeoutMax, snapshotEvery);
    }

    /** Raft entries between snapshots; 0 keeps the whole log. */
    public RaftConfig withSnapshotEvery(long entries) {
        return new RaftConfig(nodeId, host, port, peers, group, ledgerDir, raftDir, organisation, keyFile, maxBatch,
                maxBatchDelay, electionTimeoutMin, electionTimeoutMax, entries);
    }

    /** Reads a node's config file; see the class comment for its fields. */
    public static RaftConfig load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new RaftConfigException(file, null, "cannot read it: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new RaftConfigException(file, null, "not a properties file: " + e.getMessage());
        }
        Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(FIELDS);
        if (!unknown.isEmpty()) {
            throw new RaftConfigException(file, unknown.iterator().next(), "unknown field (known: "
                    + new TreeSet<>(FIELDS) + ")");
        }
        Path base = file.toAbsolutePath().getParent();
        String nodeId = required(p, file, "node.id");
        checkId(file, "node.id", nodeId);
        String address = required(p, file, "node.address");
        String[] hostPort = address(file, "node.address", address);
        Map<String, String> peers = new LinkedHashMap<>();
        for (String item : required(p, file, "peers").split(",")) {
            String entry = item.trim();
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new RaftConfigException(file, "peers", "'" + entry + "' is not id=host:port");
            }
            String id = entry.substring(0, eq).trim();
            checkId(file, "peers", id);
            String peerAddress = entry.substring(eq + 1).trim();
            address(file, "peers", peerAddress);
            if (peers.put(id, peerAddress) != null) {
                throw new RaftConfigException(file, "peers", "node " + id + " is listed twice");
            }
        }
        if (!peers.containsKey(nodeId)) {
            throw new RaftConfigException(file, "peers", "does not list this node (" + nodeId + ")");
        }
        if (!peers.get(nodeId).equals(address)) {
            throw new RaftConfigException(file, "node.address", address + " differs from this node's address in"
                    + " peers (" + peers.get(nodeId) + ")");
        }
        String group = p.getProperty("group", DEFAULT_GROUP).trim();
        if (group.isEmpty()) {
            throw new RaftConfigException(file, "group", "is empty");
        }
        Path ledgerDir = base.resolve(required(p, file, "ledger.dir"));
        Path raftDir = base.resolve(required(p, file, "raft.dir"));
        if (ledgerDir.normalize().equals(raftDir.normalize())) {
            throw new RaftConfigException(file, "raft.dir", "must differ from ledger.dir");
        }
        String organisation = required(p, file, "organisation");
        Path keyFile = base.resolve(required(p, file, "key.file"));
        int maxBatch = (int) number(p, file, "batch.max", 2000, 1, 100_000);
        long delay = number(p, file, "batch.delay.ms", 4, 0, 10_000);
        long min = number(p, file, "election.timeout.min.ms", 1000, 50, 600_000);
        long max = number(p, file, "election.timeout.max.ms", Math.max(2000, min * 2), 51, 1_200_000);
        long snapshotEvery = number(p, file, "snapshot.every.entries", DEFAULT_SNAPSHOT_EVERY, 0, 1L << 40);
        if (max <= min) {
            throw new RaftConfigException(file, "election.timeout.max.ms", "must exceed election.timeout.min.ms ("
                    + min + ")");
        }
        return new RaftConfig(nodeId, hostPort[0], Integer.parseInt(hostPort[1]), peers, group, ledgerDir, raftDir,
                organisation, keyFile, maxBatch, Duration.ofMillis(delay), Duration.ofMillis(min),
                Duration.ofMillis(max), snapshotEvery);
    }

    /** The peers' ids in a stable order. */
    public List<String> peerIds() {
        List<String> ids = new ArrayList<>(peers.keySet());
        ids.sort(null);
        return ids;
    }

    private static String required(Properties p, Path file, String field) {
        String v = p.getProperty(field);
        if (v == null || v.isBlank()) {
            throw new RaftConfigException(file, field, "is missing");
        }
        return v.trim();
    }

    private static void checkId(Path file, String field, String id) {
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new RaftConfigException(file, field, "node id '" + id + "' may hold only letters, digits, '-' and"
                    + " '_' (1 to 64)");
        }
    }

    private static String[] address(Path file, String field, String address) {
        try {
            return splitAddress(address);
        } catch (IllegalArgumentException e) {
            throw new RaftConfigException(file, field, e.getMessage());
        }
    }

    static String[] splitAddress(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + address + "' is not host:port");
        }
        String port = address.substring(colon + 1);
        int n;
        try {
            n = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > 65535) {
            throw new IllegalArgumentException("'" + address + "' has no port between 1 and 65535");
        }
        return new String[] {address.substring(0, colon), port};
    }

    private static long number(Properties p, Path file, String field, long fallback, long min, long max) {
        String v = p.getProperty(field);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) {
                throw new RaftConfigException(file, field, v.trim() + " is outside " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new RaftConfigException(file, field, "'" + v.trim() + "' is not a whole number");
        }
    }
}
