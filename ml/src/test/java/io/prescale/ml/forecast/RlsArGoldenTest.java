package io.prescale.ml.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.prescale.ml.trace.DemandGrid;
import org.junit.jupiter.api.Test;

/**
 * The AR(6) member's recursive least squares against the batch solution it must equal when no guard
 * engages: with N regression steps, weights λ^(N−1−k) and the prior P₀ = I,
 *
 * <pre>
 *   θ = (λ^N I + Σ_k λ^(N−1−k) φ_k φ_kᵀ)⁻¹ Σ_k λ^(N−1−k) φ_k u_k
 * </pre>
 *
 * solved here by Gaussian elimination on the normalised regressors of a real series (30 hours of a
 * Google job: no seasonal profile is in use yet, so x = y). Tolerance 2·10⁻³: the state keeps θ and
 * P in floats.
 */
class RlsArGoldenTest {
    private static final int P = 6;
    private static final int N = P + 1;

    /** EWMA (1) + Holt (2) + Holt–Winters (2) come first in the members array. */
    private static final int AR_OFFSET = 5;

    @Test
    void coefficientsEqualTheExponentiallyWeightedLeastSquaresSolution() {
        DemandGrid g = Slices.read("google-job.csv.gz", "cpu_pct");
        double[] y = g.values()[0];
        int steps = untilFirstClip(y);
        assertThat(steps).as("updates before the first clipped error").isGreaterThan(60);
        ForecastStack stack = new ForecastStack(ForecastConfig.defaults(Slices.FIVE_MINUTES));
        ForecastState s = Slices.replay(stack, g, y, steps);
        assertThat(stack.dailyPeriodHours(s)).isZero();
        assertThat(stack.weeklyProfile(s)).isFalse();

        double lambda = RlsArForecaster.LAMBDA;
        double[][] a = new double[N][N + 1];
        double m = y[0];
        double sigma = 0;
        int regressions = 0;
        for (int c = 1; c < steps; c++) {
            if (c >= P && sigma > 0) {
                double[] phi = regressors(y, c, m, sigma);
                double u = clip((y[c] - m) / sigma);
                scale(a, lambda);
                for (int i = 0; i < N; i++) {
                    for (int j = 0; j < N; j++) {
                        a[i][j] += phi[i] * phi[j];
                    }
                    a[i][N] += phi[i] * u;
                }
                regressions++;
            }
            m += Math.max(0.01, 1.0 / (c + 1)) * (y[c] - m);
            sigma += Math.max(0.02, 1.0 / (c + 1)) * (Math.abs(y[c] - m) - sigma);
            sigma = Math.max(sigma, 1e-6 * Math.abs(y[c]) + 1e-30);
        }
        for (int i = 0; i < N; i++) {
            a[i][i] += Math.pow(lambda, regressions);
        }
        double[] batch = solve(a);

        float[] f = s.members();
        assertThat((double) f[AR_OFFSET]).as("mean").isCloseTo(m, offset(1e-4 * Math.abs(m)));
        assertThat((double) f[AR_OFFSET + 1]).as("scale").isCloseTo(sigma, offset(1e-4 * sigma));
        for (int i = 0; i < N; i++) {
            assertThat((double) f[AR_OFFSET + 3 + i])
                    .as("θ%d", i)
                    .isCloseTo(batch[i], offset(2e-3));
        }
    }

    /**
     * Updates before the recursion (in doubles) first meets a normalised prediction error of 5 or
     * more, where the member clips it and the least-squares identity ends.
     */
    private static int untilFirstClip(double[] y) {
        double[] theta = new double[N];
        double[][] pm = identity();
        double m = y[0];
        double sigma = 0;
        for (int c = 1; c < y.length; c++) {
            if (c >= P && sigma > 0) {
                double[] phi = regressors(y, c, m, sigma);
                double u = clip((y[c] - m) / sigma);
                if (Math.abs(recursive(theta, pm, phi, u, RlsArForecaster.LAMBDA)) >= 5) {
                    return c;
                }
            }
            m += Math.max(0.01, 1.0 / (c + 1)) * (y[c] - m);
            sigma += Math.max(0.02, 1.0 / (c + 1)) * (Math.abs(y[c] - m) - sigma);
            sigma = Math.max(sigma, 1e-6 * Math.abs(y[c]) + 1e-30);
        }
        return y.length;
    }

    private static double[] regressors(double[] y, int c, double m, double sigma) {
        double[] phi = new double[N];
        for (int i = 0; i < P; i++) {
            phi[i] = clip((y[c - 1 - i] - m) / sigma);
        }
        phi[P] = 1;
        return phi;
    }

    /** One RLS step in doubles (for the clip check); returns the prediction error. */
    private static double recursive(
            double[] theta, double[][] pm, double[] phi, double u, double lambda) {
        double[] v = new double[N];
        double denominator = lambda;
        double predicted = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                v[i] += pm[i][j] * phi[j];
            }
            denominator += phi[i] * v[i];
            predicted += theta[i] * phi[i];
        }
        double error = u - predicted;
        for (int i = 0; i < N; i++) {
            theta[i] += v[i] / denominator * error;
            for (int j = 0; j < N; j++) {
                pm[i][j] = (pm[i][j] - v[i] * v[j] / denominator) / lambda;
            }
        }
        return error;
    }

    private static double clip(double u) {
        return Math.max(-8, Math.min(8, u));
    }

    private static double[][] identity() {
        double[][] m = new double[N][N];
        for (int i = 0; i < N; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static void scale(double[][] a, double factor) {
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= factor;
            }
        }
    }

    /** Gaussian elimination with partial pivoting on the augmented matrix {@code [A | b]}. */
    private static double[] solve(double[][] a) {
        int n = a.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            for (int r = col + 1; r < n; r++) {
                double factor = a[r][col] / a[col][col];
                for (int c = col; c <= n; c++) {
                    a[r][c] -= factor * a[col][c];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double sum = a[r][n];
            for (int c = r + 1; c < n; c++) {
                sum -= a[r][c] * x[c];
            }
            x[r] = sum / a[r][r];
        }
        return x;
    }
}
