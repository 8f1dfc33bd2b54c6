package org.trustmall.contracts.dispute;

/**
 * Where a dispute stands. OPEN is the only state that takes votes; the others are final. RESOLVED carries a
 * verdict; UNRESOLVED means every appointed arbiter voted and no outcome reached the threshold (a new dispute with a
 * new panel may be opened); WITHDRAWN means the claimant gave up.
 */
public enum DisputeState {
    OPEN,
    RESOLVED,
    UNRESOLVED,
    WITHDRAWN
}
