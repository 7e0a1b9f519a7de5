package io.prescale.ml.backtest;

import io.prescale.ml.trace.ProgressLine;

/** The backtest's progress bar on a {@link ProgressLine}: redrawn on a terminal, lines in a log. */
final class ProgressBar {
    private final ProgressLine line;

    ProgressBar(ProgressLine line) {
        this.line = line;
    }

    /** {@code total < 0} means unknown: the count alone is shown, and none while it is 0. */
    void update(String what, long done, long total) {
        if (total > 0) {
            int width = 30;
            int filled = (int) (width * done / total);
            String bar =
                    String.format(
                            "[%s%s] %3d%% %s",
                            "#".repeat(filled),
                            ".".repeat(width - filled),
                            100 * done / total,
                            what);
            if (done == total) {
                line.showNow(bar);
            } else {
                line.show(bar);
            }
        } else if (done > 0) {
            line.show(String.format("%-24s %,d", what, done));
        } else {
            line.show(what);
        }
    }

    /** Prints {@code text} on a line of its own. */
    void note(String text) {
        line.note(text);
    }

    void done() {
        line.endWith("done");
    }
}
