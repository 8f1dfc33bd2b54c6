package org.trustmall.app.recsys;

import org.trustmall.ai.recsys.Catalogue;
import org.trustmall.ai.recsys.ModelSelection;
import org.trustmall.app.cli.Progress;

/**
 * One progress bar over a model selection: a share per candidate, a candidate's own training progress moving the bar
 * within its share, and {@code finalFits} more shares for models trained after selection (the platform's refit of
 * the winner on everything).
 */
public final class SelectionProgress implements ModelSelection.Listener {
    private static final long SHARE = 1000;
    private final Progress progress;
    private final String label;
    private final int finalFits;
    private long base;
    private long total;

    public SelectionProgress(Progress progress, String label, int finalFits) {
        this.progress = progress;
        this.label = label;
        this.finalFits = finalFits;
    }

    @Override
    public void planned(int candidates) {
        total = (candidates + finalFits) * SHARE;
        progress.begin(label, total);
    }

    @Override
    public void started(int index, Catalogue.Candidate candidate) {
        base = index * SHARE;
        progress.update(base);
    }

    @Override
    public void progressed(String model, long done, long all) {
        if (all > 0) {
            progress.update(Math.min(total, base + SHARE * 9 / 10 * Math.min(done, all) / all));
        }
    }

    @Override
    public void validated(int index, ModelSelection.Tried tried) {
        base = (index + 1) * SHARE;
        progress.update(base);
    }
}
