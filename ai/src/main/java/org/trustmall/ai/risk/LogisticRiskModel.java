package org.trustmall.ai.risk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.trustmall.ai.AiException;

/**
 * The baseline: L2-regularised logistic regression on standardised features, fitted by Newton's method (plain Java,
 * no randomness, so the same rows give the same weights bit for bit). A feature's contribution is its weight times its
 * standardised value; the intercept is the bias. Immutable and thread-safe.
 */
public final class LogisticRiskModel implements RiskModel {
    static final String NAME = "logistic";

    /** L2 penalty on the (standardised) weights, not on the intercept. */
    public static final double L2 = 1.0;
    private static final int MAX_ITERATIONS = 50;

    private final double[] mean;
    private final double[] sd;
    private final double[] weights;
    private final double intercept;
    private final byte[] artifact;

    private LogisticRiskModel(double[] mean, double[] sd, double[] weights, double intercept, byte[] artifact) {
        this.mean = mean;
        this.sd = sd;
        this.weights = weights;
        this.intercept = intercept;
        this.artifact = artifact == null ? envelope(mean, sd, weights, intercept) : artifact;
    }

    /** Fits the baseline on rows {@code x} with labels {@code y} (1 = fraud). */
    public static LogisticRiskModel train(double[][] x, int[] y) {
        int n = x.length;
        if (n == 0 || y.length != n) {
            throw new IllegalArgumentException("need as many labels as rows, and at least one row");
        }
        int f = RiskFeatures.COUNT;
        double[] mean = new double[f];
        double[] sd = new double[f];
        for (double[] row : x) {
            RiskFeatures.check(row);
            for (int j = 0; j < f; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < f; j++) {
            mean[j] /= n;
        }
        for (double[] row : x) {
            for (int j = 0; j < f; j++) {
                double d = row[j] - mean[j];
                sd[j] += d * d;
            }
        }
        for (int j = 0; j < f; j++) {
            sd[j] = Math.sqrt(sd[j] / n);
            if (sd[j] < 1e-12) {
                sd[j] = 1; // a constant feature: its weight stays 0 under the penalty
            }
        }
        double[][] z = new double[n][f + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                z[i][j] = (x[i][j] - mean[j]) / sd[j];
            }
            z[i][f] = 1;
        }
        double[] beta = new double[f + 1];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] grad = new double[f + 1];
            double[][] hess = new double[f + 1][f + 1];
            for (int i = 0; i < n; i++) {
                double m = 0;
                for (int j = 0; j <= f; j++) {
                    m += beta[j] * z[i][j];
                }
                double p = sigmoid(m);
                double r = p - y[i];
                double w = Math.max(p * (1 - p), 1e-12);
                for (int j = 0; j <= f; j++) {
                    grad[j] += r * z[i][j];
                    double wz = w * z[i][j];
                    for (int k = 0; k <= j; k++) {
                        hess[j][k] += wz * z[i][k];
                    }
                }
            }
            for (int j = 0; j <= f; j++) {
                for (int k = 0; k < j; k++) {
                    hess[k][j] = hess[j][k];
                }
                if (j < f) {
                    grad[j] += L2 * beta[j];
                    hess[j][j] += L2;
                }
            }
            double[] step = solve(hess, grad);
            double size = 0;
            for (int j = 0; j <= f; j++) {
                beta[j] -= step[j];
                size = Math.max(size, Math.abs(step[j]));
            }
            if (size < 1e-9) {
                break;
            }
        }
        double[] weights = new double[f];
        System.arraycopy(beta, 0, weights, 0, f);
        return new LogisticRiskModel(mean, sd, weights, beta[f], null);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String featureVersion() {
        return RiskFeatures.VERSION;
    }

    @Override
    public double score(double[] features) {
        return sigmoid(margin(features));
    }

    @Override
    public double[] scores(double[][] features) {
        double[] s = new double[features.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = score(features[i]);
        }
        return s;
    }

    @Override
    public double margin(double[] features) {
        double m = intercept;
        for (double c : contributions(features)) {
            m += c;
        }
        return m;
    }

    @Override
    public double[] contributions(double[] features) {
        RiskFeatures.check(features);
        double[] c = new double[features.length];
        for (int j = 0; j < c.length; j++) {
            c[j] = weights[j] * (features[j] - mean[j]) / sd[j];
        }
        return c;
    }

    @Override
    public double bias(double[] features) {
        return intercept;
    }

    @Override
    public byte[] artifact() {
        return artifact.clone();
    }

    /** The weight of each standardised feature, in {@link RiskFeatures#NAMES} order. */
    public double[] weights() {
        return weights.clone();
    }

    static LogisticRiskModel fromPayload(byte[] payload, byte[] artifact) {
        int f = RiskFeatures.COUNT;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            double[] mean = readDoubles(in, f);
            double[] sd = readDoubles(in, f);
            double[] weights = readDoubles(in, f);
            double intercept = in.readDouble();
            if (in.read() != -1) {
                throw new AiException.ArtifactRejected("logistic risk model: bytes after its end");
            }
            for (double s : sd) {
                if (!(s > 0)) {
                    throw new AiException.ArtifactRejected("logistic risk model: a standard deviation is not positive");
                }
            }
            return new LogisticRiskModel(mean, sd, weights, intercept, artifact.clone());
        } catch (IOException e) {
            throw new AiException.ArtifactRejected("logistic risk model: " + e.getMessage());
        }
    }

    private static byte[] envelope(double[] mean, double[] sd, double[] weights, double intercept) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (double[] a : new double[][] {mean, sd, weights}) {
                for (double v : a) {
                    out.writeDouble(v);
                }
            }
            out.writeDouble(intercept);
        } catch (IOException e) {
            throw new AiException("cannot write the logistic risk model: " + e.getMessage(), e);
        }
        return new Envelope(NAME, RiskFeatures.VERSION, RiskFeatures.COUNT, bytes.toByteArray()).write();
    }

    private static double[] readDoubles(DataInputStream in, int n) throws IOException {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
            if (!Double.isFinite(a[i])) {
                throw new AiException.ArtifactRejected("logistic risk model: a parameter is not finite");
            }
        }
        return a;
    }

    static double sigmoid(double m) {
        return m >= 0 ? 1 / (1 + Math.exp(-m)) : Math.exp(m) / (1 + Math.exp(m));
    }

    /** Solves {@code a · s = b} by Gaussian elimination with partial pivoting (a is small, symmetric, positive). */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            double d = m[c][c];
            if (Math.abs(d) < 1e-300) {
                continue;
            }
            for (int r = c + 1; r < n; r++) {
                double k = m[r][c] / d;
                if (k != 0) {
                    for (int j = c; j <= n; j++) {
                        m[r][j] -= k * m[c][j];
                    }
                }
            }
        }
        double[] s = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double v = m[i][n];
            for (int j = i + 1; j < n; j++) {
                v -= m[i][j] * s[j];
            }
            s[i] = Math.abs(m[i][i]) < 1e-300 ? 0 : v / m[i][i];
        }
        return s;
    }
}
