package dev.sift.monitor;

/** How far apart two distributions (or two mean vectors) are. */
final class Divergence {
    /** Shares below this are raised to it, so an empty bucket on one side gives a large, finite PSI. */
    private static final double FLOOR = 1e-4;

    private Divergence() {
    }

    /** Population stability index: sum of (p - q) ln(p / q) over buckets. 0 when equal. */
    static double psi(double[] p, double[] q) {
        double psi = 0;
        for (int i = 0; i < p.length; i++) {
            double a = Math.max(p[i], FLOOR);
            double b = Math.max(q[i], FLOOR);
            psi += (a - b) * Math.log(a / b);
        }
        return psi;
    }

    /** Jensen–Shannon divergence in bits: 0 when equal, 1 when disjoint. */
    static double jensenShannon(double[] p, double[] q) {
        double js = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            js += term(p[i], m) / 2 + term(q[i], m) / 2;
        }
        return js / Math.log(2);
    }

    private static double term(double x, double m) {
        return x > 0 ? x * Math.log(x / m) : 0;
    }

    /** Euclidean distance between two vectors. */
    static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }
}
