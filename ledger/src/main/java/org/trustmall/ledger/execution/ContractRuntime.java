package org.trustmall.ledger.execution;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.trustmall.ledger.contract.Contract;

/**
 * The contracts a ledger runs, by id. The ledger's own {@link Membership} contract is always present. Every node
 * and every verifier of a chain must register the same contracts, or their state roots will differ.
 */
public final class ContractRuntime {
    private final Map<String, Contract> contracts = new LinkedHashMap<>();

    public ContractRuntime(Collection<? extends Contract> contracts) {
        register(new Membership());
        contracts.forEach(this::register);
    }

    private void register(Contract c) {
        String id = c.id();
        if (id == null || !id.matches("[a-z][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("invalid contract id: " + id);
        }
        if (contracts.putIfAbsent(id, c) != null) {
            throw new IllegalArgumentException("two contracts claim the id '" + id + "'");
        }
    }

    public Optional<Contract> contract(String id) {
        return Optional.ofNullable(contracts.get(id));
    }

    public Collection<String> ids() {
        return contracts.keySet();
    }
}
