package io.prescale.ml.backtest;

import java.io.PrintWriter;

/** A one-line progress bar redrawn with {@code \r}, at most every 100 ms. */
final class ProgressBar {
    private final PrintWriter err;
    private long lastDrawNanos;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    /** {@code total < 0} means unknown: the count alone is shown, and none while it is 0. */
    void update(String what, long done, long total) {
        long now = System.nanoTime();
        if (now - lastDrawNanos < 100_000_000L && done != total) {
            return;
        }
        lastDrawNanos = now;
        if (total > 0) {
            int width = 30;
            int filled = (int) (width * done / total);
            err.printf(
                    "\r[%s%s] %3d%% %-24s",
                    "#".repeat(filled), ".".repeat(width - filled), 100 * done / total, what);
        } else if (done > 0) {
            err.printf("\r%-24s %,d", what, done);
        } else {
            err.printf("\r%-34s", what);
        }
        err.flush();
    }

    /** Clears the bar's line and prints {@code text} on a line of its own. */
    void note(String text) {
        err.print("\r" + " ".repeat(70) + "\r" + text + "\n");
        err.flush();
    }

    void done() {
        err.print("\r" + " ".repeat(70) + "\rdone\n");
        err.flush();
    }
}
