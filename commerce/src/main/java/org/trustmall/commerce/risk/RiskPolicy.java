package org.trustmall.commerce.risk;

/**
 * How orders are screened at payment.
 *
 * @param holdThreshold   an order whose fraud probability is at or above this is held for review, in (0, 1]; the
 *                        default 0.8 holds only orders the model is confident about, because every hold delays a
 *                        merchant's money until a person looks at it
 * @param trainingSeed    the seed of the generated scenario the model is trained on at first start
 * @param trainingOrders  its size (order attempts, 1,000 to 2,000,000; the default 20,000 trains in a few seconds)
 * @param agreementNum    validators' agreement C = V/N below {@code agreementNum/agreementDen} flags a decision
 * @param agreementDen    (see above), at most 100
 */
public record RiskPolicy(double holdThreshold, long trainingSeed, int trainingOrders, int agreementNum,
                         int agreementDen) {
    public RiskPolicy {
        if (!(holdThreshold > 0 && holdThreshold <= 1)) {
            throw new IllegalArgumentException("holdThreshold must be in (0, 1], got " + holdThreshold);
        }
        if (trainingOrders < 1_000 || trainingOrders > 2_000_000) {
            throw new IllegalArgumentException("trainingOrders must be 1,000 to 2,000,000, got " + trainingOrders);
        }
        if (agreementDen < 1 || agreementDen > 100 || agreementNum < 1 || agreementNum > agreementDen) {
            throw new IllegalArgumentException("agreement must be num/den with 1 <= num <= den <= 100");
        }
    }

    /** Hold at 0.8; train on seed 7 with 20,000 generated orders; validators must agree at 2/3. */
    public static RiskPolicy defaults() {
        return new RiskPolicy(0.8, 7, 20_000, 2, 3);
    }

    public RiskPolicy withHoldThreshold(double threshold) {
        return new RiskPolicy(threshold, trainingSeed, trainingOrders, agreementNum, agreementDen);
    }

    public RiskPolicy withTraining(long seed, int orders) {
        return new RiskPolicy(holdThreshold, seed, orders, agreementNum, agreementDen);
    }

    /** The threshold in parts per million, as the ledger records it. */
    public long thresholdPpm() {
        return Math.round(holdThreshold * 1_000_000);
    }
}
