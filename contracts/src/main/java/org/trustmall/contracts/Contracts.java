package org.trustmall.contracts;

import java.util.List;
import org.trustmall.contracts.audit.AccessAuditContract;
import org.trustmall.contracts.consent.ConsentContract;
import org.trustmall.contracts.dispute.DisputeContract;
import org.trustmall.contracts.escrow.EscrowContract;
import org.trustmall.contracts.provenance.DatasetRegistryContract;
import org.trustmall.contracts.provenance.ModelRegistryContract;
import org.trustmall.contracts.registry.RegistryContract;
import org.trustmall.contracts.review.ReviewContract;
import org.trustmall.contracts.risk.RiskDecisionContract;
import org.trustmall.contracts.shipment.ShipmentContract;
import org.trustmall.ledger.contract.Contract;
import org.trustmall.ledger.execution.ContractRuntime;

/**
 * The platform's contracts. Every node and every verifier of a TrustMall ledger runs exactly this set, so this is
 * the one place to add a contract.
 */
public final class Contracts {
    private Contracts() {
    }

    public static List<Contract> all() {
        return List.of(new RegistryContract(), new EscrowContract(), new ShipmentContract(), new DisputeContract(),
                new ReviewContract(), new ConsentContract(), new AccessAuditContract(), new DatasetRegistryContract(),
                new ModelRegistryContract(), new RiskDecisionContract());
    }

    public static ContractRuntime runtime() {
        return new ContractRuntime(all());
    }
}
