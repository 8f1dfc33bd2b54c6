package org.trustmall.app.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar with rate and ETA on the terminal's stderr, redrawn in place at most ten times a
 * second. Silent when disabled (for --json, or when stderr is not a terminal), so machine output stays clean.
 */
public final class Progress {
    private final PrintWriter err;
    private final boolean enabled;
    private String label = "";
    private long total;
    private long start;
    private long lastDraw;

    /** A progress that shows nothing. */
    public static final Progress SILENT = new Progress(null, false);

    public Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    public static boolean terminal() {
        return System.console() != null;
    }

    public void begin(String label, long total) {
        this.label = label;
        this.total = total;
        this.start = System.nanoTime();
        this.lastDraw = 0;
        update(0);
    }

    public void update(long done) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        double secs = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / secs;
        int width = 30;
        int filled = total == 0 ? width : (int) (width * done / total);
        String eta = rate > 0 && done < total ? String.format(Locale.ROOT, "%.0fs", (total - done) / rate) : "-";
        err.printf(Locale.ROOT, "\r%-12s [%s%s] %d/%d  %.0f/s  ETA %s   ", label, "#".repeat(filled),
                ".".repeat(width - filled), done, total, rate, eta);
        err.flush();
    }

    public void end() {
        if (enabled) {
            update(total);
            err.println();
            err.flush();
        }
    }
}
