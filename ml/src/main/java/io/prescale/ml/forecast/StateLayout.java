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
 * @param pendingOffsets start of each anchor's ring of a slots of what was issued (see {@link
 *     EnsembleCalibration#issue}), plus the total at the end
 * @param scratchDoubles derived, never encoded: the AR member's forecast path and its RLS
 *     temporaries
 */
record StateLayout(
        ForecastConfig config,
        int[] memberOffsets,
        int calibrationFloats,
        int weightFloats,
        int[] pendingOffsets,
        int scratchDoubles) {

    static StateLayout of(ForecastConfig config, int[] memberFloats, int scratchDoubles) {
        int[] offsets = new int[memberFloats.length + 1];
        for (int m = 0; m < memberFloats.length; m++) {
            offsets[m + 1] = offsets[m] + memberFloats[m];
        }
        int members = memberFloats.length;
        int[] anchors = config.anchorHorizons();
        int[] pending = new int[anchors.length + 1];
        for (int i = 0; i < anchors.length; i++) {
            pending[i + 1] = pending[i] + anchors[i] * EnsembleCalibration.slotFloats(members);
        }
        return new StateLayout(
                config,
                offsets,
                anchors.length * (members + 1) * QuantileCalibrator.FLOATS,
                anchors.length * QuantileLevels.COUNT * members,
                pending,
                scratchDoubles);
    }

    int memberFloats() {
        return memberOffsets[memberOffsets.length - 1];
    }

    int pendingFloats() {
        return pendingOffsets[pendingOffsets.length - 1];
    }
}
