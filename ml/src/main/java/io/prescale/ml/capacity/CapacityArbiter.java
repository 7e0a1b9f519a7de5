package io.prescale.ml.capacity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Shares a pool's capacity among its entities' requests for one resource.
 *
 * <p>Each request is split into a floor, a firm and a speculative part ({@link CapacityRequest}).
 * With capacity {@code C} and tiers {@code 0 < 1 < …} (0 the highest), the parts are served in this
 * order:
 *
 * <ol>
 *   <li>floors: every tier's floors, tier 0 first;
 *   <li>then tier by tier, tier 0 first: the tier's firm parts, then its speculative (pre-warm)
 *       parts.
 * </ol>
 *
 * Going down that list with {@code R} = capacity left (initially {@code C}), a tier's demand {@code
 * D} in the layer is served in full when {@code D ≤ R}; otherwise every request of the tier gets
 * the same share {@code ρ = R / D} of its part of the layer (proportional within the tier), and
 * everything after it gets nothing. Read backwards this is the cut order: the lowest tier's
 * speculative parts are reclaimed first, then its firm parts, then the next tier's speculative
 * parts, and so on up; floors only when the floors of higher tiers already fill the pool. A higher
 * tier is thus always served in full before a lower one gets anything beyond its floor.
 *
 * <p>No request counts for more than the whole pool: its parts are cut, speculative first, to add
 * up to at most {@code C} before the layers are served. Otherwise one absurd request (a hint of
 * 10³⁰⁰) would take a share ρ of nearly 0 from every other request of its tier, or, with several,
 * make the tier's demand infinite and deny them all. Such a request's share ({@link
 * Grant#layerShare}) is its tier's ρ all the same, the share its tier's other requests show: the
 * cut to the capacity shows in its granted / requested, not in its share.
 *
 * <p>Quantisation: with a quantum {@code q > 0} (e.g. 1 replica), a grant that was cut is rounded
 * <em>down</em> to a multiple of {@code q}, so the grants still fit; full grants are passed as
 * requested (the policy already quantised them). What rounding frees stays unassigned.
 *
 * <p>Guarantees: {@code 0 ≤ granted ≤ requested} for each request; {@code Σ granted ≤ C} up to
 * floating-point rounding (a few ulps per request; the property tests allow {@code C·1e-9}); no
 * grant ever exceeds what is left when its layer is served (each share is taken as {@code
 * min(part·ρ, left)}). With {@code C = +∞} every request is granted unchanged (the pass-through the
 * streaming job relies on for parity with the backtest). Edge cases: {@code C = 0} denies every
 * positive request; requests of amount 0 are {@link GrantReason#GRANTED} 0; an empty list gives an
 * empty arbitration. Cost: O(n log n) for n requests (one sort by tier).
 */
public final class CapacityArbiter {
    private static final int LAYERS = 3;
    private static final int FLOOR = 0;
    private static final int FIRM = 1;

    private final double quantum;

    /**
     * @param quantum granularity of cut grants in the resource's unit, finite and &ge; 0; 0 is
     *     continuous
     */
    public CapacityArbiter(double quantum) {
        if (!(quantum >= 0) || Double.isInfinite(quantum)) {
            throw new IllegalArgumentException("quantum must be finite and >= 0, was " + quantum);
        }
        this.quantum = quantum;
    }

    /** A continuous arbiter (quantum 0). */
    public static CapacityArbiter continuous() {
        return new CapacityArbiter(0);
    }

    /**
     * Grants for {@code requests} out of {@code capacity}.
     *
     * @param capacity the pool's capacity in the resource's unit, &ge; 0, {@code +∞} for unlimited
     * @param requests at most one per entity; grants come back in this order
     */
    public Arbitration arbitrate(double capacity, List<CapacityRequest> requests) {
        if (!(capacity >= 0)) {
            throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
        }
        int n = requests.size();
        Pass pass = new Pass(requests, capacity);
        double[][] parts = new double[LAYERS][n];
        for (int i = 0; i < n; i++) {
            CapacityRequest r = requests.get(i);
            double[] asked = {r.floor(), r.firmPart(), r.speculativePart()};
            double room = capacity;
            for (int layer = 0; layer < LAYERS; layer++) {
                parts[layer][i] = Math.min(asked[layer], room);
                room -= parts[layer][i];
                if (parts[layer][i] < asked[layer] && pass.cutLayer[i] < 0) {
                    pass.cutLayer[i] = layer; // its share stays the tier's: 1 until it is cut
                }
            }
        }
        for (int from = 0; from < n; ) {
            int to = pass.endOfTier(from);
            pass.serve(parts[FLOOR], from, to, FLOOR);
            from = to;
        }
        for (int from = 0; from < n; ) {
            int to = pass.endOfTier(from);
            pass.serve(parts[FIRM], from, to, FIRM);
            pass.serve(parts[LAYERS - 1], from, to, LAYERS - 1);
            from = to;
        }
        List<Grant> grants = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            grants.add(grant(requests.get(i), pass.granted[i], pass.cutLayer[i], pass.share[i]));
        }
        return new Arbitration(capacity, grants);
    }

    /** The working arrays of one arbitration, indexed like the requests. */
    private static final class Pass {
        final List<CapacityRequest> requests;
        final Integer[] byTier;
        final double[] granted;
        final int[] cutLayer;
        final double[] share;
        double left;

        Pass(List<CapacityRequest> requests, double capacity) {
            int n = requests.size();
            this.requests = requests;
            this.byTier = new Integer[n];
            Arrays.setAll(byTier, i -> i);
            Arrays.sort(byTier, Comparator.comparingInt(i -> requests.get(i).tier()));
            this.granted = new double[n];
            this.cutLayer = new int[n];
            Arrays.fill(cutLayer, -1);
            this.share = new double[n];
            Arrays.fill(share, 1);
            this.left = capacity;
        }

        /**
         * The end (exclusive) of the run of {@code byTier} that shares the tier at {@code from}.
         */
        int endOfTier(int from) {
            int tier = requests.get(byTier[from]).tier();
            int to = from + 1;
            while (to < byTier.length && requests.get(byTier[to]).tier() == tier) {
                to++;
            }
            return to;
        }

        /**
         * Serves one tier's part of one layer ({@code byTier[from..to)}) out of what is left. A
         * tier that does not fit gets {@code ρ = left / demand} of each part, and nothing is left.
         */
        void serve(double[] part, int from, int to, int layer) {
            double demand = 0;
            for (int k = from; k < to; k++) {
                demand += part[byTier[k]];
            }
            if (demand <= 0) {
                return;
            }
            if (demand <= left) {
                for (int k = from; k < to; k++) {
                    granted[byTier[k]] += part[byTier[k]];
                }
                left -= demand;
                return;
            }
            double rho = left / demand;
            for (int k = from; k < to; k++) {
                int i = byTier[k];
                double g = Math.min(part[i] * rho, left);
                granted[i] += g;
                left -= g;
                if (part[i] > 0 && (cutLayer[i] < 0 || layer <= cutLayer[i])) {
                    share[i] = rho;
                    cutLayer[i] = layer;
                }
            }
            left = 0;
        }
    }

    private Grant grant(CapacityRequest r, double granted, int cutLayer, double share) {
        double g =
                cutLayer < 0 ? r.amount() : Math.max(0, Math.min(r.amount(), quantised(granted)));
        GrantReason reason;
        if (cutLayer < 0) {
            reason = GrantReason.GRANTED;
        } else if (g <= 0) {
            reason = GrantReason.DENIED;
        } else if (cutLayer == FLOOR) {
            reason = GrantReason.FLOOR_CUT;
        } else if (cutLayer == FIRM) {
            reason = GrantReason.CUT_PROPORTIONAL;
        } else {
            reason = GrantReason.RECLAIMED_PREWARM;
        }
        return new Grant(
                r.entity(),
                r.tier(),
                r.amount(),
                r.speculative(),
                r.floor(),
                g,
                reason,
                Math.max(0, Math.min(1, share)));
    }

    /** Rounds a cut grant down to the quantum; the 1e-9 slack keeps 2.9999999 at 3. */
    private double quantised(double granted) {
        return quantum > 0 ? Math.floor(granted / quantum + 1e-9) * quantum : granted;
    }
}
