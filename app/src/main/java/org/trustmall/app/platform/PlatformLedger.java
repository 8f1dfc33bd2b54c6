package org.trustmall.app.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Which ledger the platform writes to. Only the orderer differs: the contracts, the commerce services and the server
 * above the ledger are the same either way.
 */
public sealed interface PlatformLedger {

    /** The embedded ledger under the data directory, ordered by the solo orderer; created on first run. */
    static PlatformLedger embedded() {
        return new Embedded();
    }

    /** The ledger of the consortium node that {@code config} (a {@code ledger node} config file) describes. */
    static PlatformLedger clusterNode(Path config, Duration clusterWait) {
        return new ClusterNode(config, clusterWait);
    }

    /** The embedded (solo) ledger in the data directory. */
    record Embedded() implements PlatformLedger {
    }

    /**
     * The platform process is its organisation's node of a Raft cluster: it opens that node's ledger with the raft
     * orderer, in process, while the other organisations run {@code trustmall ledger node}.
     *
     * @param config      the node's config file (see {@link org.trustmall.ledger.ordering.raft.RaftConfig})
     * @param clusterWait how long start-up waits for the cluster (to elect a leader, then to commit the commerce
     *                    role's registration) before giving up
     */
    record ClusterNode(Path config, Duration clusterWait) implements PlatformLedger {
        public ClusterNode {
            Objects.requireNonNull(config, "config");
            if (clusterWait.isNegative() || clusterWait.isZero()) {
                throw new IllegalArgumentException("the wait for the cluster must be positive");
            }
        }
    }
}
