package io.prescale.ml.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: each row is a pool (capacity, quantum), its requests as {@code
 * entity:tier:amount:speculative:floor}, and the expected grants as {@code entity=granted/REASON};
 * the expected numbers are worked out by hand in the comment of each row.
 */
class CapacityArbiterTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    static Stream<Arguments> table() {
        return Stream.of(
                // unlimited: everything passes through unchanged
                row(INF, 0, "a:0:10:2:1 b:1:20:0:0", "a=10/GRANTED b=20/GRANTED"),
                // exactly enough
                row(30, 0, "a:0:10:2:1 b:1:20:0:0", "a=10/GRANTED b=20/GRANTED"),
                // firm 8 + 15 = 23, 3 left; tier 0's speculation (2) first, then ρ = 1/5 of b's 5
                row(26, 0, "a:0:10:2:0 b:1:20:5:0", "a=10/GRANTED b=16/RECLAIMED_PREWARM"),
                // tier 0 is served in full, speculation included; tier 1 gets the 10 left
                row(20, 0, "a:0:10:4:0 b:1:14:0:0", "a=10/GRANTED b=10/CUT_PROPORTIONAL"),
                // tier 0 takes 10; 20 left for tier 1's 50: ρ = 0.4 of each
                row(
                        30,
                        0,
                        "a:0:10:0:0 b:1:20:0:0 c:1:30:0:0",
                        "a=10/GRANTED b=8/CUT_PROPORTIONAL c=12/CUT_PROPORTIONAL"),
                // nothing left for the lower tier
                row(10, 0, "a:0:10:0:0 b:1:5:0:0", "a=10/GRANTED b=0/DENIED"),
                // floors first: b's floor 4, then a's firm 10 gets the 8 left
                row(12, 0, "a:0:10:0:0 b:1:8:0:4", "a=8/CUT_PROPORTIONAL b=4/CUT_PROPORTIONAL"),
                // a's floor 5 leaves 1 of b's floor 4
                row(6, 0, "a:0:10:0:5 b:1:8:0:4", "a=5/CUT_PROPORTIONAL b=1/FLOOR_CUT"),
                // an empty pool denies every positive request; a zero request is granted 0
                row(0, 0, "a:0:10:0:0 b:1:0:0:0", "a=0/DENIED b=0/GRANTED"),
                // ρ = 10/12 gives 3.33 each, rounded down to whole replicas
                row(
                        10,
                        1,
                        "a:0:4:0:0 b:0:4:0:0 c:0:4:0:0",
                        "a=3/CUT_PROPORTIONAL b=3/CUT_PROPORTIONAL c=3/CUT_PROPORTIONAL"),
                // the floor 5 reaches into the speculation 8: floor 5, firm 0, speculative 5
                row(7, 0, "a:0:10:8:5", "a=7/RECLAIMED_PREWARM"),
                // tiers need not be contiguous, nor given in order
                row(
                        15,
                        0,
                        "z:7:10:0:0 y:2:10:0:0 x:0:10:0:0",
                        "z=0/DENIED y=5/CUT_PROPORTIONAL x=10/GRANTED"),
                // no request counts for more than the pool: b is taken as 10, so ρ = 10/20
                row(10, 0, "a:0:10:0:0 b:0:1e300:0:0", "a=5/CUT_PROPORTIONAL b=5/CUT_PROPORTIONAL"),
                // two absurd requests no longer make the tier's demand infinite and deny all
                row(
                        10,
                        0,
                        "a:0:1e308:0:0 b:0:1e308:0:0 c:1:1:0:0",
                        "a=5/CUT_PROPORTIONAL b=5/CUT_PROPORTIONAL c=0/DENIED"),
                // no requests
                row(5, 0, "", ""));
    }

    private static Arguments row(double capacity, double quantum, String requests, String grants) {
        return Arguments.of(capacity, quantum, requests, grants);
    }

    @ParameterizedTest(name = "C={0} q={1}: {2} -> {3}")
    @MethodSource("table")
    void grantsFollowTheTable(double capacity, double quantum, String requests, String expected) {
        Arbitration a = new CapacityArbiter(quantum).arbitrate(capacity, parse(requests));
        List<String> got = new ArrayList<>();
        for (Grant g : a.grants()) {
            got.add(g.entity() + "=" + format(g.granted()) + "/" + g.reason());
        }
        assertThat(String.join(" ", got)).isEqualTo(expected);
    }

    @Test
    void grantCarriesTheNumbersBehindIt() {
        Arbitration a =
                CapacityArbiter.continuous()
                        .arbitrate(30, parse("a:0:10:0:0 b:1:20:0:0 c:1:30:0:0"));
        Grant b = a.grants().get(1);
        assertThat(b.requested()).isEqualTo(20);
        assertThat(b.layerShare()).isCloseTo(0.4, within(1e-12));
        assertThat(b.denied()).isCloseTo(12, within(1e-12));
        assertThat(b.describe()).isEqualTo("CUT_PROPORTIONAL granted=8/20 tier=1 share=0.4");
        assertThat(a.tiers())
                .containsExactly(new TierUsage(0, 1, 10, 10), new TierUsage(1, 2, 50, 20));
        assertThat(a.headroom()).isCloseTo(0, within(1e-12));
        assertThat(Grant.decimal(72.29503132747891)).isEqualTo("72.295");
        assertThat(Grant.decimal(1.0 / 3)).isEqualTo("0.3333");
        assertThat(Grant.decimal(0)).isEqualTo("0");
        assertThat(Grant.decimal(1e308)).isEqualTo("1.0E308");
        assertThat(Grant.decimal(1e300 / 7)).isEqualTo(Double.toString(1e300 / 7));
    }

    /**
     * A request larger than the pool is first cut to the capacity, then shares its tier's ρ: its
     * reason shows that ρ, the share b shows, not its granted / requested. a asks 1000 of 100
     * (taken as 100) and b 60: ρ = 100 / 160 = 0.625 of each, 62.5 and 37.5. It used to show 0.0625
     * (0.1 · ρ). Alone, a's tier is served in full: share 1, granted 100/1000.
     */
    @Test
    void aRequestCutToTheCapacityShowsItsTiersShare() {
        List<Grant> g =
                CapacityArbiter.continuous()
                        .arbitrate(100, parse("a:0:1000:0:0 b:0:60:0:0"))
                        .grants();
        assertThat(g.get(0).describe())
                .isEqualTo("CUT_PROPORTIONAL granted=62.5/1000 tier=0 share=0.625");
        assertThat(g.get(1).describe())
                .isEqualTo("CUT_PROPORTIONAL granted=37.5/60 tier=0 share=0.625");
        Grant alone =
                CapacityArbiter.continuous().arbitrate(100, parse("a:0:1000:0:0")).grants().get(0);
        assertThat(alone.describe()).isEqualTo("CUT_PROPORTIONAL granted=100/1000 tier=0 share=1");
    }

    @Test
    void rejectsBadInputWithNamedMessages() {
        CapacityArbiter arbiter = CapacityArbiter.continuous();
        assertThatThrownBy(() -> arbiter.arbitrate(Double.NaN, List.of()))
                .hasMessage("capacity must be >= 0, was NaN");
        assertThatThrownBy(() -> arbiter.arbitrate(-1, List.of()))
                .hasMessage("capacity must be >= 0, was -1.0");
        assertThatThrownBy(() -> new CapacityArbiter(-0.5))
                .hasMessage("quantum must be finite and >= 0, was -0.5");
        assertThatThrownBy(() -> new CapacityRequest("vm-1", 0, 5, 6, 0))
                .hasMessage("vm-1: speculative must be in [0, amount=5.0], was 6.0");
        assertThatThrownBy(() -> new CapacityRequest("vm-1", 0, Double.NaN, 0, 0))
                .hasMessage("vm-1: amount must be finite and >= 0, was NaN");
        assertThatThrownBy(() -> new CapacityRequest("vm-1", -1, 5, 0, 0))
                .hasMessage("vm-1: tier must be >= 0, was -1");
    }

    static List<CapacityRequest> parse(String requests) {
        List<CapacityRequest> out = new ArrayList<>();
        for (String r : requests.split(" ")) {
            if (r.isEmpty()) {
                continue;
            }
            String[] f = r.split(":");
            out.add(
                    new CapacityRequest(
                            f[0],
                            Integer.parseInt(f[1]),
                            Double.parseDouble(f[2]),
                            Double.parseDouble(f[3]),
                            Double.parseDouble(f[4])));
        }
        return out;
    }

    private static String format(double x) {
        double r = Math.rint(x);
        return Math.abs(x - r) < 1e-9 ? Long.toString((long) r) : Double.toString(x);
    }
}
