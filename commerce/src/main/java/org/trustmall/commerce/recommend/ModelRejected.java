package org.trustmall.commerce.recommend;

import org.trustmall.commerce.CommerceException;

/**
 * A model that must not be loaded: not registered on the ledger, superseded (itself or its snapshot), or an artifact
 * whose SHA-256 differs from its registration. Thrown before a byte of the artifact is deserialised.
 */
public final class ModelRejected extends CommerceException {
    private final String modelId;

    public ModelRejected(String modelId, String reason) {
        super("model '" + modelId + "' refused: " + reason);
        this.modelId = modelId;
    }

    public String modelId() {
        return modelId;
    }
}
