package io.github.queuetestkit.dataset.internal;

/**
 * Zipf ranks 1..n with exponent s in O(1) per draw by rejection-inversion (Hörmann and Derflinger, 1996),
 * written after the algorithm of commons-rng's {@code RejectionInversionZipfSampler}.
 */
final class ZipfSampler {

    private final long n;
    private final double exponent;
    private final double hIntegralX1;
    private final double hIntegralN;
    private final double s;
    /** hIntegral(k + 0.5) - h(k) for the first ranks, where most draws land: four fewer log/exp calls each. */
    private final double[] acceptBelow;

    /** @param n ranks @param exponent skew > 0 */
    public ZipfSampler(long n, double exponent) {
        this.n = n;
        this.exponent = exponent;
        this.hIntegralX1 = hIntegral(1.5) - 1.0;
        this.hIntegralN = hIntegral(n + 0.5);
        this.s = 2.0 - hIntegralInverse(hIntegral(2.5) - h(2.0));
        this.acceptBelow = new double[(int) Math.min(n, 4096) + 1];
        for (int k = 1; k < acceptBelow.length; k++) {
            acceptBelow[k] = hIntegral(k + 0.5) - h(k);
        }
    }

    /** @param rng the row's randomness @return a rank in 1..n, 1 the most frequent */
    public long sample(Rng rng) {
        while (true) {
            double u = hIntegralN + rng.nextDouble() * (hIntegralX1 - hIntegralN);
            double x = hIntegralInverse(u);
            long k = (long) (x + 0.5);
            if (k < 1) {
                k = 1;
            } else if (k > n) {
                k = n;
            }
            if (k - x <= s || u >= (k < acceptBelow.length ? acceptBelow[(int) k] : hIntegral(k + 0.5) - h(k))) {
                return k;
            }
        }
    }

    private double hIntegral(double x) {
        double logX = Math.log(x);
        return helper2((1.0 - exponent) * logX) * logX;
    }

    private double h(double x) {
        return Math.exp(-exponent * Math.log(x));
    }

    private double hIntegralInverse(double x) {
        double t = x * (1.0 - exponent);
        if (t < -1.0) {
            t = -1.0;
        }
        return Math.exp(helper1(t) * x);
    }

    private static double helper1(double x) {
        return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
    }

    private static double helper2(double x) {
        return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x));
    }
}
