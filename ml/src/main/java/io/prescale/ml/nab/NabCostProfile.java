package io.prescale.ml.nab;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.ml.trace.TraceFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One NAB application profile: the weights of its cost matrix (NAB's {@code profiles.json}).
 *
 * @param name e.g. {@code standard}, {@code reward_low_FP_rate}, {@code reward_low_FN_rate}
 * @param tpWeight A_TP, the reward of a detection at the very start of a window
 * @param fpWeight A_FP, the cost of a detection far from any window
 * @param fnWeight A_FN, the cost of a window with no detection
 */
public record NabCostProfile(String name, double tpWeight, double fpWeight, double fnWeight) {
    public NabCostProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("profile name must not be blank");
        }
        check(name, "tpWeight", tpWeight);
        check(name, "fpWeight", fpWeight);
        check(name, "fnWeight", fnWeight);
        if (tpWeight <= 0) {
            throw new IllegalArgumentException(name + ": tpWeight must be > 0, was " + tpWeight);
        }
    }

    /** NAB's {@code standard} profile: A_TP = 1, A_FP = 0.11, A_FN = 1. */
    public static NabCostProfile standard() {
        return new NabCostProfile("standard", 1.0, 0.11, 1.0);
    }

    /** NAB's three published profiles: standard, reward_low_FP_rate, reward_low_FN_rate. */
    public static List<NabCostProfile> published() {
        return List.of(
                standard(),
                new NabCostProfile("reward_low_FP_rate", 1.0, 0.22, 1.0),
                new NabCostProfile("reward_low_FN_rate", 1.0, 0.11, 2.0));
    }

    /**
     * Reads every profile of a NAB {@code profiles.json}: {@code {NAME: {"CostMatrix": {"tpWeight":
     * x, "fpWeight": x, "fnWeight": x, ...}}}}, in file order.
     *
     * @throws TraceFormatException naming the file and the profile or field that is wrong
     */
    public static List<NabCostProfile> read(Path file) {
        JsonNode root = NabLabels.readJson(file);
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new TraceFormatException(file, 0, "expected an object of profiles");
        }
        List<NabCostProfile> profiles = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode matrix = e.getValue().path("CostMatrix");
            try {
                profiles.add(
                        new NabCostProfile(
                                e.getKey(),
                                weight(matrix, "tpWeight", e.getKey()),
                                weight(matrix, "fpWeight", e.getKey()),
                                weight(matrix, "fnWeight", e.getKey())));
            } catch (IllegalArgumentException bad) {
                throw new TraceFormatException(file, 0, bad.getMessage());
            }
        }
        return List.copyOf(profiles);
    }

    private static double weight(JsonNode matrix, String field, String profile) {
        JsonNode v = matrix.path(field);
        if (!v.isNumber()) {
            throw new IllegalArgumentException(
                    "profile '" + profile + "': CostMatrix." + field + " must be a number");
        }
        return v.asDouble();
    }

    private static void check(String name, String field, double w) {
        if (!Double.isFinite(w) || w < 0) {
            throw new IllegalArgumentException(
                    name + ": " + field + " must be finite and >= 0, was " + w);
        }
    }
}
