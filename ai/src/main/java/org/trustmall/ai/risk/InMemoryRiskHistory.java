package org.trustmall.ai.risk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link RiskHistory} over orders held in memory, indexed by time: the generator's history for training, and a
 * fixture for tests (commerce's own tests may build one to check that its SQL history answers alike). Immutable once
 * built, so safe to share between threads.
 */
public final class InMemoryRiskHistory implements RiskHistory {
    private final Map<String, Instant> opened;
    private final Map<String, List<PastOrder>> byAccount;
    private final Map<String, CategoryIndex> byCategory;
    private final Map<RiskHistory.Link, Map<String, KeyIndex>> byKey;

    private InMemoryRiskHistory(Builder b) {
        this.opened = Map.copyOf(b.opened);
        Comparator<PastOrder> byTime = Comparator.comparing(PastOrder::at);
        Map<String, List<PastOrder>> accounts = new HashMap<>();
        Map<String, List<PastOrder>> categories = new HashMap<>();
        Map<RiskHistory.Link, Map<String, List<PastOrder>>> keys = new EnumMap<>(RiskHistory.Link.class);
        for (PastOrder p : b.orders) {
            accounts.computeIfAbsent(p.attempt().account(), k -> new ArrayList<>()).add(p);
            categories.computeIfAbsent(p.attempt().category(), k -> new ArrayList<>()).add(p);
            for (RiskHistory.Link link : RiskHistory.Link.values()) {
                keys.computeIfAbsent(link, k -> new HashMap<>())
                        .computeIfAbsent(p.attempt().key(link), k -> new ArrayList<>()).add(p);
            }
        }
        this.byAccount = new HashMap<>();
        accounts.forEach((k, v) -> {
            v.sort(byTime);
            byAccount.put(k, List.copyOf(v));
        });
        this.byCategory = new HashMap<>();
        categories.forEach((k, v) -> {
            v.sort(byTime);
            byCategory.put(k, new CategoryIndex(v));
        });
        this.byKey = new EnumMap<>(RiskHistory.Link.class);
        keys.forEach((link, m) -> {
            Map<String, KeyIndex> idx = new HashMap<>();
            m.forEach((k, v) -> {
                v.sort(byTime);
                idx.put(k, new KeyIndex(v));
            });
            byKey.put(link, idx);
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<Instant> accountOpened(String account) {
        return Optional.ofNullable(opened.get(account));
    }

    @Override
    public List<PastOrder> ordersBefore(String account, Instant before) {
        List<PastOrder> all = byAccount.getOrDefault(account, List.of());
        int end = lowerBound(all, before);
        List<PastOrder> out = new ArrayList<>(end);
        for (int i = 0; i < end; i++) {
            PastOrder p = all.get(i);
            // A chargeback reported at or after the moment asked about was not known then.
            boolean unknown = p.chargebackReportedAt() != null && !p.chargebackReportedAt().isBefore(before);
            out.add(unknown ? new PastOrder(p.attempt(), p.paymentFailed(), null) : p);
        }
        return out;
    }

    @Override
    public AmountStats categoryAmounts(String category, Instant from, Instant before) {
        CategoryIndex c = byCategory.get(category);
        return c == null ? AmountStats.NONE : c.stats(from, before);
    }

    @Override
    public int otherAccounts(RiskHistory.Link link, String key, String account, Instant from, Instant before) {
        KeyIndex k = byKey.getOrDefault(link, Map.of()).get(key);
        return k == null ? 0 : k.otherAccounts(account, from, before);
    }

    /** The first index whose time is not before {@code t}. */
    private static int lowerBound(List<PastOrder> sorted, Instant t) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).at().isBefore(t)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int lowerBound(long[] sortedMillis, long t) {
        int lo = 0;
        int hi = sortedMillis.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedMillis[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    /** Prefix sums of a category's amounts by time (shifted by their mean, so variances keep their precision). */
    private static final class CategoryIndex {
        private final long[] times;
        private final double shift;
        private final double[] sum;
        private final double[] sumSq;

        CategoryIndex(List<PastOrder> sorted) {
            int n = sorted.size();
            times = new long[n];
            double total = 0;
            for (PastOrder p : sorted) {
                total += p.attempt().amount();
            }
            shift = n == 0 ? 0 : total / n;
            sum = new double[n + 1];
            sumSq = new double[n + 1];
            for (int i = 0; i < n; i++) {
                times[i] = micros(sorted.get(i).at());
                double d = sorted.get(i).attempt().amount() - shift;
                sum[i + 1] = sum[i] + d;
                sumSq[i + 1] = sumSq[i] + d * d;
            }
        }

        AmountStats stats(Instant from, Instant before) {
            int a = lowerBound(times, micros(from));
            int b = lowerBound(times, micros(before));
            int n = b - a;
            if (n <= 0) {
                return AmountStats.NONE;
            }
            double s = sum[b] - sum[a];
            double ss = sumSq[b] - sumSq[a];
            double meanShifted = s / n;
            double variance = n < 2 ? 0 : Math.max(0, (ss - s * meanShifted) / (n - 1));
            return new AmountStats(n, meanShifted + shift, variance);
        }
    }

    /** The accounts that used one key, by time. */
    private static final class KeyIndex {
        private final long[] times;
        private final String[] accounts;

        KeyIndex(List<PastOrder> sorted) {
            times = new long[sorted.size()];
            accounts = new String[sorted.size()];
            for (int i = 0; i < sorted.size(); i++) {
                times[i] = micros(sorted.get(i).at());
                accounts[i] = sorted.get(i).attempt().account();
            }
        }

        int otherAccounts(String account, Instant from, Instant before) {
            int a = lowerBound(times, micros(from));
            int b = lowerBound(times, micros(before));
            Set<String> seen = new HashSet<>();
            for (int i = a; i < b; i++) {
                if (!accounts[i].equals(account)) {
                    seen.add(accounts[i]);
                }
            }
            return seen.size();
        }
    }

    /** Collects accounts and orders; not thread-safe. */
    public static final class Builder {
        private final Map<String, Instant> opened = new HashMap<>();
        private final List<PastOrder> orders = new ArrayList<>();

        private Builder() {
        }

        /** An account and when it was opened. */
        public Builder account(String account, Instant openedAt) {
            opened.put(Objects.requireNonNull(account, "account"), Objects.requireNonNull(openedAt, "openedAt"));
            return this;
        }

        /** An order attempt, whether its payment failed, and when a chargeback on it was reported (or null). */
        public Builder order(OrderAttempt attempt, boolean paymentFailed, Instant chargebackReportedAt) {
            orders.add(new PastOrder(attempt, paymentFailed, chargebackReportedAt));
            return this;
        }

        public InMemoryRiskHistory build() {
            return new InMemoryRiskHistory(this);
        }
    }

    @Override
    public String toString() {
        return "InMemoryRiskHistory[" + opened.size() + " accounts, "
                + byAccount.values().stream().mapToInt(List::size).sum() + " orders]";
    }
}
