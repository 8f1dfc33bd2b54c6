package org.trustmall.privacy.dp;

import java.math.BigInteger;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exact coin flips from uniform random bits, with integer arithmetic only: Bernoulli(n/d) and Bernoulli(exp(−n/d))
 * for rational n/d. No floating point is involved, so the probabilities are exactly the ones written — the property
 * that makes {@link DiscreteLaplace} immune to the attack on floating-point Laplace noise (Mironov, CCS 2012).
 * Exact as long as the generator's {@code nextLong()} is uniform. Not thread-safe (the generator may not be).
 */
final class ExactBernoulli {
    private final RandomGenerator random;

    ExactBernoulli(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Uniform in {@code [0, bound)}, by rejection on the fewest random bits, so without modulo bias. */
    long uniform(long bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("a uniform draw needs a positive bound, got " + bound);
        }
        if (bound == 1) {
            return 0;
        }
        int bits = 64 - Long.numberOfLeadingZeros(bound - 1); // at most 63: bound ≤ Long.MAX_VALUE
        long mask = (1L << bits) - 1;
        while (true) {
            long x = random.nextLong() & mask;
            if (x < bound) {
                return x;
            }
        }
    }

    /** Uniform in {@code [0, bound)} for any positive bound. */
    BigInteger uniform(BigInteger bound) {
        if (bound.signum() <= 0) {
            throw new IllegalArgumentException("a uniform draw needs a positive bound, got " + bound);
        }
        if (bound.bitLength() <= 63) {
            return BigInteger.valueOf(uniform(bound.longValueExact()));
        }
        int bits = bound.subtract(BigInteger.ONE).bitLength();
        while (true) {
            BigInteger x = randomBits(bits);
            if (x.compareTo(bound) < 0) {
                return x;
            }
        }
    }

    private BigInteger randomBits(int bits) {
        BigInteger x = BigInteger.ZERO;
        int have = 0;
        while (have < bits) {
            x = x.shiftLeft(63).or(BigInteger.valueOf(random.nextLong() >>> 1));
            have += 63;
        }
        return x.shiftRight(have - bits);
    }

    /** True with probability exactly {@code numerator/denominator}, {@code 0 ≤ numerator ≤ denominator}. */
    boolean bernoulli(BigInteger numerator, BigInteger denominator) {
        if (denominator.signum() <= 0 || numerator.signum() < 0 || numerator.compareTo(denominator) > 0) {
            throw new IllegalArgumentException("a probability is n/d with 0 <= n <= d and d > 0, got " + numerator
                    + "/" + denominator);
        }
        return uniform(denominator).compareTo(numerator) < 0;
    }

    /**
     * True with probability exactly {@code exp(−numerator/denominator)}, {@code numerator ≥ 0}: Canonne, Kamath and
     * Steinke's Algorithm 1 ("The Discrete Gaussian for Differential Privacy", NeurIPS 2020). For γ = n/d ≤ 1 it draws
     * A_k ~ Bernoulli(γ/k) for k = 1, 2, … until one is 0 and answers whether that k is odd, which happens with
     * probability Σ (−γ)^j/j! = exp(−γ). A larger γ is whole units of exp(−1) times exp(−(γ − ⌊γ⌋)).
     */
    boolean bernoulliExp(BigInteger numerator, BigInteger denominator) {
        if (denominator.signum() <= 0 || numerator.signum() < 0) {
            throw new IllegalArgumentException("exp(-n/d) needs n >= 0 and d > 0, got " + numerator + "/"
                    + denominator);
        }
        BigInteger n = numerator;
        while (n.compareTo(denominator) > 0) {
            if (!bernoulliExpAtMostOne(BigInteger.ONE, BigInteger.ONE)) {
                return false;
            }
            n = n.subtract(denominator);
        }
        return bernoulliExpAtMostOne(n, denominator);
    }

    private boolean bernoulliExpAtMostOne(BigInteger numerator, BigInteger denominator) {
        long k = 1;
        while (bernoulli(numerator, denominator.multiply(BigInteger.valueOf(k)))) {
            k++;
        }
        return (k & 1) == 1;
    }
}
