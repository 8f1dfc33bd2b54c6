package org.trustmall.privacy.dp;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.trustmall.privacy.PrivacyException;

/**
 * Integer noise for ε-differential privacy: the discrete Laplace (two-sided geometric) distribution,
 * P(k) = (1 − e^(−ε/Δ)) / (1 + e^(−ε/Δ)) · e^(−ε|k|/Δ) for every integer k, added to an integer query of
 * sensitivity Δ. Its variance is 2e^(−ε/Δ) / (1 − e^(−ε/Δ))².
 *
 * <p>Sampled exactly, with integer arithmetic only, by Canonne, Kamath and Steinke's Algorithm 2 ("The Discrete
 * Gaussian for Differential Privacy", NeurIPS 2020) over exact Bernoulli(exp(−γ)) coins for rational γ. Laplace noise
 * drawn with doubles leaks: the set of doubles a noisy answer can take depends on the true answer, so some outputs
 * reveal it outright (Mironov, "On Significance of the Least Significant Bits for Differential Privacy", CCS 2012).
 * Here every output is an integer with exactly the probability above, whatever the true value.
 *
 * <p>The random generator is a {@link SecureRandom} unless one is given (tests give a seeded one). The running time
 * varies with the noise drawn; callers that answer over a network add far larger variation of their own. Thread-safe:
 * draws are serialised, since generators need not be.
 */
public final class DiscreteLaplace {
    private final ExactBernoulli coins;

    /** Noise from a new {@link SecureRandom}. */
    public DiscreteLaplace() {
        this(new SecureRandom());
    }

    /** Noise from {@code random}; only a cryptographically secure generator protects anyone in production. */
    public DiscreteLaplace(RandomGenerator random) {
        this.coins = new ExactBernoulli(Objects.requireNonNull(random, "random"));
    }

    /**
     * One draw of noise for a query of sensitivity {@code sensitivity} (the most one person's — or one record's —
     * data can change the true answer) answered with privacy loss {@code epsilon}: P(k) ∝ exp(−ε|k|/Δ).
     */
    public long sample(Epsilon epsilon, long sensitivity) {
        Objects.requireNonNull(epsilon, "epsilon");
        if (epsilon.isZero()) {
            throw new IllegalArgumentException("epsilon must be positive");
        }
        if (sensitivity < 1) {
            throw new IllegalArgumentException("sensitivity must be at least 1, got " + sensitivity);
        }
        // Scale Δ/ε = Δ·q/p for ε = p/q: P(k) ∝ exp(−|k|·s/t) with t = Δ·q, s = p.
        return sampleScale(BigInteger.valueOf(sensitivity).multiply(epsilon.denominator()), epsilon.numerator());
    }

    /**
     * P(k) ∝ exp(−|k|·s/t), the discrete Laplace of scale t/s (CKS Algorithm 2): X = U + t·V with U uniform on
     * [0, t) accepted with probability exp(−U/t) and V geometric with ratio e^(−1) is geometric with ratio e^(−1/t);
     * ⌊X/s⌋ is geometric with ratio e^(−s/t); a fair sign, rejecting "−0" so that zero is not counted twice, makes
     * it two-sided.
     */
    synchronized long sampleScale(BigInteger t, BigInteger s) {
        if (t.signum() <= 0 || s.signum() <= 0) {
            throw new IllegalArgumentException("a discrete Laplace scale t/s needs t, s > 0, got " + t + "/" + s);
        }
        BigInteger g = t.gcd(s);
        BigInteger tt = t.divide(g);
        BigInteger ss = s.divide(g);
        while (true) {
            BigInteger u = coins.uniform(tt);
            if (!coins.bernoulliExp(u, tt)) {
                continue;
            }
            long v = 0;
            while (coins.bernoulliExp(BigInteger.ONE, BigInteger.ONE)) {
                v++;
            }
            BigInteger y = u.add(tt.multiply(BigInteger.valueOf(v))).divide(ss);
            boolean negative = coins.uniform(2) == 1;
            if (negative && y.signum() == 0) {
                continue;
            }
            if (y.bitLength() > 62) {
                throw new PrivacyException("discrete Laplace noise of scale " + tt + "/" + ss
                        + " does not fit a long; the sensitivity is far too large for this epsilon");
            }
            return negative ? -y.longValue() : y.longValue();
        }
    }
}
