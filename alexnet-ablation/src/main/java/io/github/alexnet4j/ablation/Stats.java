package io.github.alexnet4j.ablation;

import org.apache.commons.math3.distribution.TDistribution;

/** Mean, sample standard deviation, and Welch's confidence interval for a difference of means. */
public final class Stats {

    private Stats() {
    }

    public static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    /** Sample standard deviation (n − 1); 0 for a single value. */
    public static double std(double[] x) {
        if (x.length < 2) return 0;
        double m = mean(x), s = 0;
        for (double v : x) s += (v - m) * (v - m);
        return Math.sqrt(s / (x.length - 1));
    }

    /** Difference of means b − a with a two-sided {@code level} Welch interval; NaN bounds with fewer than 2 runs each. */
    public record Delta(double estimate, double low, double high) {
        public boolean significant() {
            return !Double.isNaN(low) && (low > 0 || high < 0);
        }
    }

    public static Delta welch(double[] a, double[] b, double level) {
        double d = mean(b) - mean(a);
        if (a.length < 2 || b.length < 2) return new Delta(d, Double.NaN, Double.NaN);
        double va = Math.pow(std(a), 2) / a.length, vb = Math.pow(std(b), 2) / b.length;
        double se = Math.sqrt(va + vb);
        if (se == 0) return new Delta(d, d, d);
        double dof = Math.pow(va + vb, 2) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        double t = new TDistribution(dof).inverseCumulativeProbability(0.5 + level / 2);
        return new Delta(d, d - t * se, d + t * se);
    }

    /**
     * The smallest difference of means b − a that a two-sided Welch test at level 1 − {@code alpha} would
     * find significant with probability {@code power}, given the two samples' spreads and sizes:
     * (t<sub>1−α/2</sub> + t<sub>power</sub>) · se, with Welch's degrees of freedom. NaN with fewer than
     * 2 runs on either side.
     */
    public static double detectable(double[] a, double[] b, double alpha, double power) {
        return detectable(std(a), a.length, std(b), b.length, alpha, power);
    }

    /** {@link #detectable(double[], double[], double, double)} from each sample's standard deviation and size. */
    public static double detectable(double stdA, int nA, double stdB, int nB, double alpha, double power) {
        if (nA < 2 || nB < 2) return Double.NaN;
        double va = stdA * stdA / nA, vb = stdB * stdB / nB;
        double se = Math.sqrt(va + vb);
        if (se == 0) return 0;
        double dof = Math.pow(va + vb, 2) / (va * va / (nA - 1) + vb * vb / (nB - 1));
        TDistribution t = new TDistribution(dof);
        return (t.inverseCumulativeProbability(1 - alpha / 2) + t.inverseCumulativeProbability(power)) * se;
    }

    /**
     * What a sweep can say about one of the paper's claims: "agrees" or "disagrees" when our change is
     * significant (same or opposite sign to the paper's), "disagrees" too when it is not but an effect of the
     * paper's size would have been detected (80 % power), else "cannot tell at this budget"; "" without a
     * paper number or with one seed.
     */
    public static String verdict(Delta ours, double detectable, double paper) {
        if (Double.isNaN(paper) || Double.isNaN(ours.low())) return "";
        if (ours.significant()) return Math.signum(ours.estimate()) == Math.signum(paper) ? "agrees" : "disagrees";
        return detectable <= Math.abs(paper) ? "disagrees" : "cannot tell at this budget";
    }
}
