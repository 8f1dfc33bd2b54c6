package org.trustmall.ai.recsys;

/** Hears how training goes; the CLI draws a progress bar from it. Called on the training thread. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() { };

    /** {@code done} of {@code total} steps (epochs, or items for one-pass models) of {@code model} are finished. */
    default void progressed(String model, long done, long total) {
    }

    /** A line worth showing, such as an epoch's loss or validation score. */
    default void note(String model, String message) {
    }
}
