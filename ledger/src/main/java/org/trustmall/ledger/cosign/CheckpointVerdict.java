package org.trustmall.ledger.cosign;

import java.util.Objects;
import org.trustmall.ledger.block.Checkpoint;

/** Whether a {@link LightClient} took a checkpoint as its new trusted one, and if not, why. */
public sealed interface CheckpointVerdict permits CheckpointVerdict.Accepted, CheckpointVerdict.Refused {

    default boolean accepted() {
        return this instanceof Accepted;
    }

    /** The checkpoint is now the trusted one. */
    record Accepted(Checkpoint checkpoint) implements CheckpointVerdict {
        public Accepted {
            Objects.requireNonNull(checkpoint, "checkpoint");
        }
    }

    /** The checkpoint was refused; the trusted one is unchanged. */
    record Refused(Reason reason, String detail) implements CheckpointVerdict {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        /** One line for a person: the kind of refusal and the particulars. */
        public String describe() {
            return reason.sentence + ": " + detail;
        }
    }

    /** The kinds of refusal. */
    enum Reason {
        /** The checkpoint belongs to another chain than the trusted keys or the kept checkpoint name. */
        OTHER_CHAIN("checkpoint of another chain"),
        /** Fewer distinct trusted organisations than the threshold signed it validly. */
        TOO_FEW_SIGNATURES("too few trusted signatures"),
        /** Nothing shows it to extend the kept checkpoint: no proof, a failing proof, an older or different block. */
        NOT_AN_EXTENSION("not a consistent extension of the trusted checkpoint");

        private final String sentence;

        Reason(String sentence) {
            this.sentence = sentence;
        }

        public String sentence() {
            return sentence;
        }
    }
}
