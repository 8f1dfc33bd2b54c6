package org.trustmall.ledger.contract;

import java.util.Optional;

/**
 * Read access to one contract's own key-value state. Keys are UTF-8 strings of at most
 * {@link ContractContext#MAX_KEY_BYTES} bytes; values are opaque bytes (by convention canonical CBOR).
 */
public interface StateView {

    Optional<byte[]> get(String key);

    default boolean contains(String key) {
        return get(key).isPresent();
    }
}
