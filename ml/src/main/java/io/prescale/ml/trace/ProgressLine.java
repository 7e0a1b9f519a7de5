package io.prescale.ml.trace;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A command's progress on stderr, used by {@code backtest}, {@code forecast-eval} and {@code demo}.
 * On a terminal one line is redrawn in place with {@code \r}, at most every {@link
 * #TERMINAL_EVERY}; anywhere else (a log file, a pipe, CI output) every state shown is a plain line
 * of its own, at most one every {@link #LOG_EVERY}, so that a log reads as lines rather than
 * carriage returns. Either way the last state is shown when the progress ends, even when it came
 * sooner than the interval allows. Not thread-safe.
 */
public final class ProgressLine {
    static final Duration TERMINAL_EVERY = Duration.ofMillis(100);
    static final Duration LOG_EVERY = Duration.ofSeconds(5);

    /**
     * Set by the {@code prescale} wrapper to 1 when its stderr is a terminal, else 0: the shell can
     * test file descriptor 2 itself, which Java 17 cannot.
     */
    static final String TERMINAL_ENV = "PRESCALE_STDERR_TERMINAL";

    private final PrintWriter err;
    private final boolean terminal;
    private final Clock clock;
    private Instant lastShown;
    private String heldBack;
    private int drawnWidth;

    public ProgressLine(PrintWriter err, boolean terminal, Clock clock) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
    }

    /** Progress on {@code err}, redrawn in place when {@link #stderrIsTerminal()}. */
    public static ProgressLine on(PrintWriter err) {
        return new ProgressLine(err, stderrIsTerminal(), Clock.systemUTC());
    }

    /**
     * Whether stderr is a terminal: as the {@code prescale} wrapper says in {@value #TERMINAL_ENV},
     * else whether the JVM has a console (stdin and stdout are terminals; a plain {@code java} run
     * with stderr alone redirected is taken for a terminal).
     */
    public static boolean stderrIsTerminal() {
        String said = System.getenv(TERMINAL_ENV);
        if (said != null && !said.isEmpty()) {
            return said.equals("1");
        }
        return System.console() != null;
    }

    /** Shows {@code text} unless the last state was shown less than the interval ago. */
    public void show(String text) {
        Instant now = clock.instant();
        Duration every = terminal ? TERMINAL_EVERY : LOG_EVERY;
        if (lastShown != null && now.isBefore(lastShown.plus(every))) {
            heldBack = text;
            return;
        }
        lastShown = now;
        draw(text);
    }

    /** Shows {@code text} now, whatever the interval (the end of a phase). */
    public void showNow(String text) {
        lastShown = clock.instant();
        draw(text);
    }

    /** Prints {@code text} on a line of its own; a terminal's progress line is cleared first. */
    public void note(String text) {
        erase();
        err.println(text);
        err.flush();
    }

    /** Ends the progress with its last state shown: on a terminal the line stays, ended. */
    public void end() {
        if (heldBack != null) {
            draw(heldBack);
        }
        if (terminal && drawnWidth > 0) {
            err.println();
            drawnWidth = 0;
        }
        err.flush();
    }

    /**
     * Ends the progress with {@code last}: on a terminal it replaces the progress line (empty: the
     * line is cleared), elsewhere it follows the last state.
     */
    public void endWith(String last) {
        if (terminal) {
            erase();
        } else if (heldBack != null) {
            draw(heldBack);
        }
        if (!last.isEmpty()) {
            err.println(last);
        }
        err.flush();
    }

    private void draw(String text) {
        heldBack = null;
        if (terminal) {
            // pad over what is left of a longer line drawn before
            err.print("\r" + text + " ".repeat(Math.max(0, drawnWidth - text.length())));
            drawnWidth = text.length();
        } else {
            err.println(text);
        }
        err.flush();
    }

    private void erase() {
        if (terminal && drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            drawnWidth = 0;
        }
    }
}
