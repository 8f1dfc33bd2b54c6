package org.trustmall.contracts.escrow;

/**
 * Where an escrow stands. The only edges are LOCKED → RELEASED (the buyer confirmed, or the deadline after delivery
 * passed) and LOCKED → REFUNDED (refunds reached the whole amount); a partial refund leaves it LOCKED with less to
 * release. RELEASED and REFUNDED are final.
 */
public enum EscrowState {
    LOCKED,
    RELEASED,
    REFUNDED
}
