package io.prescale.ml.forecast;

/**
 * Array sizes of a {@link ForecastState} under one {@link ForecastConfig}, and the offsets of each
 * member's slice of {@link ForecastState#members()}.
 *
 * @param config the config the sizes follow from
 * @param memberOffsets start of each member's slice in {@code members}, in {@link
 *     ForecastStack#MEMBER_NAMES} order, plus the total at the end
 * @param calibrationFloats per anchor, per model (members then the ensemble): a scale and one
 *     offset per tracked level
 * @param weightFloats per anchor, per tracked level: one weight per member
 * @param pendingFloats per anchor a: a slots of what was issued (see {@link EnsembleCalibration#issue})
 * @param scratchDoubles derived, never encoded: the AR member's forecast path and its RLS
 *     temporaries
 */
record StateLayout(
        ForecastConfig config,
        int[] memberOffsets,
        int calibrationFloats,
        int weightFloats,
        int pendingFloats,
        int scratchDoubles) {

    static StateLayout of(ForecastConfig config, int[] memberFloats, int scratchDoubles) {
        int[] offsets = new int[memberFloats.length + 1];
        for (int m = 0; m < memberFloats.length; m++) {
            offsets[m + 1] = offsets[m] + memberFloats[m];
        }
        int members = memberFloats.length;
        int anchors = config.anchorHorizons().length;
        int pending = 0;
        for (int a : config.anchorHorizons()) {
            pending += a * EnsembleCalibration.slotFloats(members);
        }
        return new StateLayout(
                config,
                offsets,
                anchors * (members + 1) * QuantileCalibrator.FLOATS,
                anchors * QuantileLevels.COUNT * members,
                pending,
                scratchDoubles);
    }

    int memberFloats() {
        return memberOffsets[memberOffsets.length - 1];
    }

    /** Start of the pending ring of anchor {@code ai} in {@code pending}. */
    int pendingOffset(int ai) {
        int[] anchors = config.anchorHorizons();
        int members = memberOffsets.length - 1;
        int offset = 0;
        for (int i = 0; i < ai; i++) {
            offset += anchors[i] * EnsembleCalibration.slotFloats(members);
        }
        return offset;
    }
}
