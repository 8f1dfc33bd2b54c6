package org.trustmall.contracts.dispute;

/**
 * The decision rule C = V/N: an outcome is decided once the votes V cast for it, over the number N of appointed
 * arbiters, reach the threshold {@code numerator/denominator}. Compared in integers (V·den ≥ num·N) so every node
 * decides the same way. Pure.
 */
public record Panel(int arbiters, int numerator, int denominator) {
    public static final int MAX_ARBITERS = 15;
    public static final int MAX_DENOMINATOR = 100;

    public Panel {
        if (arbiters < 1 || arbiters > MAX_ARBITERS) {
            throw new IllegalArgumentException("1-" + MAX_ARBITERS + " arbiters, got " + arbiters);
        }
        if (denominator < 1 || denominator > MAX_DENOMINATOR || numerator < 1 || numerator > denominator) {
            throw new IllegalArgumentException("a threshold is num/den with 1 <= num <= den <= " + MAX_DENOMINATOR
                    + ", got " + numerator + "/" + denominator);
        }
    }

    /** Whether {@code votes} for one outcome decide it: C = votes/arbiters ≥ numerator/denominator. */
    public boolean decides(int votes) {
        return (long) votes * denominator >= (long) numerator * arbiters;
    }

    /** The fewest votes for one outcome that decide it: ⌈num·N/den⌉. */
    public int votesNeeded() {
        return (int) ((numerator * (long) arbiters + denominator - 1) / denominator);
    }
}
