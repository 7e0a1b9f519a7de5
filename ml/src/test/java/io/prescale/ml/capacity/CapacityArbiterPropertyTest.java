package io.prescale.ml.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Properties over 2,000 seeded random pools (up to 40 requests in up to 4 tiers, zero amounts,
 * floors and speculation drawn at random, capacities from 0 to above the total and unlimited),
 * checked from the grants alone, without the arbiter's own arithmetic: Σ grants ≤ capacity, grants
 * ≤ requests, nothing NaN, the (layer, tier) serving order, proportionality within the one block
 * that is cut, and no capacity left idle while a request is short. Tolerance: 1e-9 relative.
 */
class CapacityArbiterPropertyTest {
    private static final int CASES = 2_000;
    private static final double TOL = 1e-9;

    @Test
    void randomPoolsKeepEveryProperty() {
        SplittableRandom random = new SplittableRandom(20_260_501L);
        for (int c = 0; c < CASES; c++) {
            List<CapacityRequest> requests = randomRequests(random);
            double total = requests.stream().mapToDouble(CapacityRequest::amount).sum();
            double capacity = randomCapacity(random, total);
            Arbitration a = CapacityArbiter.continuous().arbitrate(capacity, requests);
            String label = "case " + c + ": C=" + capacity + " " + requests;
            checkBounds(a, requests, capacity, label);
            checkOrderAndProportion(a, requests, capacity, label);
            if (total <= capacity) {
                assertThat(a.grants()).as(label).allMatch(g -> g.reason() == GrantReason.GRANTED);
            }
        }
    }

    @Test
    void quantisedGrantsStayWithinCapacityAndOneQuantumOfTheContinuousOnes() {
        SplittableRandom random = new SplittableRandom(42);
        for (int c = 0; c < CASES; c++) {
            List<CapacityRequest> requests = randomRequests(random);
            double total = requests.stream().mapToDouble(CapacityRequest::amount).sum();
            double capacity = randomCapacity(random, total);
            Arbitration q = new CapacityArbiter(1).arbitrate(capacity, requests);
            Arbitration exact = CapacityArbiter.continuous().arbitrate(capacity, requests);
            assertThat(q.granted()).isLessThanOrEqualTo(capacity * (1 + TOL) + TOL);
            for (int i = 0; i < requests.size(); i++) {
                double g = q.grants().get(i).granted();
                double e = exact.grants().get(i).granted();
                assertThat(g).isBetween(e - 1 - TOL, e + TOL);
            }
        }
    }

    private static void checkBounds(
            Arbitration a, List<CapacityRequest> requests, double capacity, String label) {
        assertThat(a.grants()).hasSize(requests.size());
        double sum = 0;
        for (int i = 0; i < requests.size(); i++) {
            Grant g = a.grants().get(i);
            assertThat(g.entity()).isEqualTo(requests.get(i).entity());
            assertThat(Double.isNaN(g.granted()) || Double.isNaN(g.layerShare()))
                    .as(label)
                    .isFalse();
            assertThat(g.granted()).as(label).isBetween(0.0, requests.get(i).amount());
            sum += g.granted();
        }
        assertThat(sum).as(label).isLessThanOrEqualTo(capacity * (1 + TOL) + TOL);
        boolean anyShort =
                a.grants().stream().anyMatch(g -> g.granted() < g.requested() - TOL * scale(g));
        if (anyShort) {
            assertThat(sum)
                    .as(label + ": no idle capacity")
                    .isGreaterThan(capacity * (1 - TOL) - TOL);
        }
    }

    /**
     * Splits each grant back into floor, firm and speculative served (layers fill in that order per
     * request), then checks that blocks are served in the arbiter's order (floors by tier, then per
     * tier firm then speculative) and that the one partially served block is served in the same
     * proportion for all of its requests. A request counts for at most the capacity: its parts are
     * cut to add up to C, in the same order, before the proportions are taken.
     */
    private static void checkOrderAndProportion(
            Arbitration a, List<CapacityRequest> requests, double capacity, String label) {
        TreeMap<Long, List<double[]>> blocks = new TreeMap<>();
        for (int i = 0; i < requests.size(); i++) {
            CapacityRequest r = requests.get(i);
            double g = a.grants().get(i).granted();
            double[] parts = {r.floor(), r.firmPart(), r.speculativePart()};
            double room = capacity;
            for (int layer = 0; layer < 3; layer++) {
                parts[layer] = Math.min(parts[layer], room);
                room -= parts[layer];
            }
            for (int layer = 0; layer < 3; layer++) {
                double served = Math.min(g, parts[layer]);
                g -= served;
                if (parts[layer] > 0) {
                    // floors of every tier first, then per tier its firm then speculative parts
                    long order = layer == 0 ? r.tier() : 1_000_000L + r.tier() * 10L + layer;
                    blocks.computeIfAbsent(order, k -> new ArrayList<>())
                            .add(new double[] {served, parts[layer]});
                }
            }
        }
        boolean shortSeen = false;
        for (var block : blocks.entrySet()) {
            double first = -1;
            boolean full = true;
            for (double[] sp : block.getValue()) {
                double ratio = sp[0] / sp[1];
                if (shortSeen) {
                    assertThat(sp[0])
                            .as(label + " block " + block.getKey() + " after a cut")
                            .isLessThan(TOL * scale(sp[1]) + TOL);
                }
                if (first < 0) {
                    first = ratio;
                }
                assertThat(ratio)
                        .as(label + " proportional in block " + block.getKey())
                        .isCloseTo(first, org.assertj.core.api.Assertions.within(1e-9));
                full &= ratio > 1 - 1e-9;
            }
            shortSeen |= !full;
        }
    }

    private static double scale(Grant g) {
        return Math.max(1, g.requested());
    }

    private static double scale(double x) {
        return Math.max(1, x);
    }

    private static List<CapacityRequest> randomRequests(SplittableRandom random) {
        int n = random.nextInt(41);
        int tiers = 1 + random.nextInt(4);
        List<CapacityRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double amount = random.nextInt(8) == 0 ? 0 : -Math.log(1 - random.nextDouble()) * 50;
            double speculative = random.nextBoolean() ? 0 : amount * random.nextDouble();
            double floor = random.nextInt(3) == 0 ? 0 : amount * random.nextDouble();
            out.add(
                    new CapacityRequest(
                            "e" + i, random.nextInt(tiers), amount, speculative, floor));
        }
        return out;
    }

    private static double randomCapacity(SplittableRandom random, double total) {
        return switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> Double.POSITIVE_INFINITY;
            case 2 -> total * (1 + random.nextDouble());
            default -> total * random.nextDouble();
        };
    }
}
