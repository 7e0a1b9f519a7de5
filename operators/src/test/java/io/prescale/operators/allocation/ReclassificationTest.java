package io.prescale.operators.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.prescale.model.ScaleAction;
import io.prescale.model.ScaleCommand;
import org.junit.jupiter.api.Test;

/** The RECLASS command and its reason. */
class ReclassificationTest {
    private static final long STEP_MS = 300_000;

    @Test
    void theReasonNamesBothBottlenecksAndTheirPressures() {
        ScaleCommand c =
                Reclassification.command(
                        "vm", new Reclassification.Move("cpu", "net", 0.412, 1.25), 1, 10, STEP_MS);
        assertThat(c.action()).isEqualTo(ScaleAction.RECLASS);
        assertThat(c.version()).isEqualTo(10);
        assertThat(c.reason())
                .isEqualTo("RECLASS bottleneck cpu -> net (pressure cpu=0.412, net=1.25)");
    }

    /**
     * The old bottleneck's resource is no longer configured: its pressure is not written as NaN.
     */
    @Test
    void anUnknownPressureIsSaidSoNotWrittenAsNaN() {
        ScaleCommand c =
                Reclassification.command(
                        "vm",
                        new Reclassification.Move("gpu", "net", Double.NaN, 0.9),
                        0,
                        10,
                        STEP_MS);
        assertThat(c.reason())
                .isEqualTo("RECLASS bottleneck gpu -> net (pressure gpu not compared, net=0.900)");
    }
}
