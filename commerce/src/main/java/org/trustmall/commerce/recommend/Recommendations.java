package org.trustmall.commerce.recommend;

import java.util.List;
import java.util.Optional;
import org.trustmall.ai.recsys.ModelArtifact;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.catalogue.CatalogueService.Product;

/**
 * Product recommendations as the storefront serves them: personalised for a signed-in buyer whose personalisation
 * consent stands (read at request time, so a withdrawal counts from the next request), popular products for
 * everybody else and for new buyers, and products similar to a given one. Out-of-stock, hidden and already-bought
 * products are never recommended. The model is the one deployed last ({@link #deploy}); until there is one, every
 * list is the non-personalised one. Thread-safe.
 */
public interface Recommendations {
    int MAX_LIMIT = 50;

    /** How a list was made. */
    enum Basis {
        /** From the deployed model and the buyer's own history. */
        PERSONALISED,
        /** From the deployed model, for a product (similar items). */
        MODEL,
        /**
         * No personal data used: products ranked by the deployed model's item-feature scorer on live features, or
         * the best sellers and newest products while there is none.
         */
        POPULAR
    }

    /**
     * @param products the recommended products, best first
     * @param basis    how they were chosen
     * @param modelId  the registered model that ranked them (for {@link Basis#POPULAR}: whose item-feature scorer
     *                 did), or null when best sellers were listed
     */
    record Result(List<Product> products, Basis basis, String modelId) {
        public Result {
            products = List.copyOf(products);
        }
    }

    /** Recommendations for a buyer (buyers only; 1 ≤ limit ≤ {@value #MAX_LIMIT}). */
    Result forBuyer(Actor buyer, int limit);

    /** Products similar to an active product, for anyone; NotFound for an unknown or hidden product. */
    Result similar(long productId, int limit);

    /** Serves {@code artifact} from now on, under its registry id. */
    void deploy(String modelId, ModelArtifact artifact);

    /** Stops serving {@code modelId} if it is the deployed model (it was superseded): lists fall back to popular. */
    void withdraw(String modelId);

    /** The id of the model being served, if any. */
    Optional<String> deployedModel();
}
