package io.prescale.jobs;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks for the side inputs (actuation results, feedback, overrides): none, and the source is
 * always idle, so that these inputs never hold back the event time that the metrics drive (their
 * records have no bearing on windows or timers). A source that sent no watermark would hold every
 * downstream timer back forever; one that sent the maximum watermark would fire every timer when
 * the metrics go idle.
 */
final class IdleWatermarks<T> implements WatermarkStrategy<T> {

    static <T> WatermarkStrategy<T> create() {
        return new IdleWatermarks<>();
    }

    @Override
    public WatermarkGenerator<T> createWatermarkGenerator(
            WatermarkGeneratorSupplier.Context context) {
        return new WatermarkGenerator<>() {
            @Override
            public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.markIdle();
            }
        };
    }
}
