package org.trustmall.ai.risk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates labelled order attempts with the legitimate behaviour and the fraud patterns of {@code SCENARIOS.md}, at
 * its rates. Seeded: the same {@link RiskScenario} gives the same orders, byte for byte. Each part of the simulation
 * (legitimate buyers, then each fraud pattern) draws from its own split of the seed's random stream, so the volume of
 * one does not shift the draws of another.
 *
 * <p>Keys are synthetic ({@code addr-h17}, {@code dev-acct-3-1} …) and stand for the keyed hashes commerce would use.
 */
public final class OrderGenerator {

    private record Category(String name, double share, double median, double sigma) {
    }

    private static final List<Category> CATEGORIES = List.of(
            new Category("groceries", 0.20, 45, 0.5),
            new Category("fashion", 0.14, 180, 0.6),
            new Category("household", 0.12, 80, 0.6),
            new Category("beauty", 0.10, 120, 0.6),
            new Category("home", 0.08, 300, 0.8),
            new Category("electronics", 0.08, 900, 0.9),
            new Category("books", 0.07, 60, 0.4),
            new Category("toys", 0.06, 150, 0.6),
            new Category("digital", 0.06, 30, 0.8),
            new Category("gift_cards", 0.04, 200, 0.7),
            new Category("phones", 0.03, 2500, 0.5),
            new Category("luxury", 0.02, 3000, 0.8));

    private static final List<String> GIFT = List.of("toys", "books", "beauty", "luxury", "electronics");
    private static final List<String> BIG_TICKET = List.of("electronics", "phones");
    private static final List<String> CHEAP = List.of("groceries", "books", "beauty");
    private static final List<String> TESTING = List.of("digital", "gift_cards");
    private static final List<String> TAKEOVER = List.of("electronics", "phones", "gift_cards", "luxury");
    private static final List<String> RESHIPPED = List.of("electronics", "phones", "luxury", "home");
    private static final List<String> EVERYDAY = List.of("groceries", "household", "beauty", "fashion");

    private static final int CARRIER_NAT_IPS = 60;
    private static final int PROXY_IPS = 200;
    private static final double MINUTE = 1.0 / (24 * 60);

    private OrderGenerator() {
    }

    /** The orders of a scenario, their history, and their labels. */
    public static RiskDataset generate(RiskScenario scenario) {
        return new Run(scenario).generate();
    }

    /** A legitimate buyer's profile, kept so that account takeover can pick victims and mimic them. */
    private static final class Buyer {
        final String id;
        final double openedDay;
        final String home;
        final String homeIp;
        final String familyDevice;
        final String locker;
        final double moveDay;
        final double upgradeDay;
        final double scale;
        final List<String> favourites;
        final List<Double> paidDays = new ArrayList<>();
        String card;
        int cards = 1;
        int attempts;

        Buyer(String id, double openedDay, String home, String homeIp, String familyDevice, String locker,
              double moveDay, double upgradeDay, double scale, List<String> favourites, String card) {
            this.id = id;
            this.openedDay = openedDay;
            this.home = home;
            this.homeIp = homeIp;
            this.familyDevice = familyDevice;
            this.locker = locker;
            this.moveDay = moveDay;
            this.upgradeDay = upgradeDay;
            this.scale = scale;
            this.favourites = favourites;
            this.card = card;
        }

        String device(double day) {
            return "dev-" + id + (day >= upgradeDay ? "-2" : "-1");
        }

        String address(double day) {
            return day >= moveDay ? "addr-" + id + "-moved" : home;
        }
    }

    private static final class Run {
        private final RiskScenario scenario;
        private final SplittableRandom root;
        private final Map<String, Instant> opened = new LinkedHashMap<>();
        private final List<LabelledOrder> orders = new ArrayList<>();
        private final List<Buyer> buyers = new ArrayList<>();
        private final List<List<String>> ringDrops = new ArrayList<>();
        private final List<String> drops = new ArrayList<>();
        private final Map<FraudPattern, Integer> counts = new EnumMap<>(FraudPattern.class);
        private SplittableRandom rng;
        private long orderSeq;
        private long accountSeq;
        private long keySeq;

        Run(RiskScenario scenario) {
            this.scenario = scenario;
            this.root = new SplittableRandom(scenario.seed());
        }

        RiskDataset generate() {
            int total = scenario.orders();
            int legitTarget = (int) Math.round(total * (1 - RiskScenario.fraudShare()));
            SplittableRandom legit = root.split();
            SplittableRandom rings = root.split();
            SplittableRandom testing = root.split();
            SplittableRandom takeover = root.split();
            SplittableRandom reshipping = root.split();
            SplittableRandom coupons = root.split();

            rng = rings;
            int ringCount = Math.max(2, total / 15_000);
            for (int r = 0; r < ringCount; r++) {
                List<String> ds = new ArrayList<>();
                int n = 2 + rng.nextInt(4);
                for (int i = 0; i < n; i++) {
                    ds.add("addr-drop-" + r + "-" + i);
                }
                ringDrops.add(ds);
                drops.addAll(ds);
            }

            rng = legit;
            int lockers = Math.max(5, total / 2_000);
            int households = 0;
            while (count(FraudPattern.LEGITIMATE) < legitTarget) {
                household(households++, lockers);
            }
            rng = testing;
            for (int e = 0; count(FraudPattern.CARD_TESTING) < target(FraudPattern.CARD_TESTING); e++) {
                cardTesting(e);
            }
            rng = takeover;
            Set<String> victims = new HashSet<>();
            for (int e = 0, tries = 0; count(FraudPattern.ACCOUNT_TAKEOVER) < target(FraudPattern.ACCOUNT_TAKEOVER)
                    && tries < 100_000; tries++) {
                if (accountTakeover(e, victims)) {
                    e++;
                }
            }
            rng = reshipping;
            while (count(FraudPattern.RESHIPPING) < target(FraudPattern.RESHIPPING)) {
                mule();
            }
            rng = coupons;
            for (int e = 0; count(FraudPattern.COUPON_ABUSE) < target(FraudPattern.COUPON_ABUSE); e++) {
                couponAbuser(e);
            }

            // Creation order breaks ties in time, so the sort is deterministic.
            List<LabelledOrder> sorted = new ArrayList<>(orders);
            sorted.sort(Comparator.comparing((LabelledOrder o) -> o.attempt().at())
                    .thenComparingLong(o -> Long.parseLong(o.attempt().orderId().substring(1))));
            InMemoryRiskHistory.Builder history = InMemoryRiskHistory.builder();
            opened.forEach(history::account);
            for (LabelledOrder o : sorted) {
                history.order(o.attempt(), o.paymentFailed(), o.chargebackReportedAt());
            }
            return new RiskDataset(scenario, sorted, opened, history.build());
        }

        private int count(FraudPattern p) {
            return counts.getOrDefault(p, 0);
        }

        private int target(FraudPattern p) {
            return (int) Math.round(scenario.orders() * RiskScenario.FRAUD_SHARES.get(p));
        }

        // ---- legitimate buyers ----

        private void household(int h, int lockers) {
            int size = rng.nextDouble() < 0.30 ? 2 + rng.nextInt(3) : 1;
            String home = "addr-h" + h;
            String homeIp = "ip-h" + h;
            String familyDevice = size > 1 ? "dev-h" + h : null;
            String familyCard = size > 1 && rng.nextDouble() < 0.30 ? "card-h" + h : null;
            for (int m = 0; m < size; m++) {
                buyer(home, homeIp, familyDevice, familyCard, lockers);
            }
        }

        private void buyer(String home, String homeIp, String familyDevice, String familyCard, int lockers) {
            String id = newAccountId();
            double openedDay = rng.nextDouble() < 0.75 ? -uniform(30, 1095) : uniform(0, RiskScenario.DAYS);
            open(id, openedDay);
            double rate = 0.05 * Math.exp(0.9 * rng.nextGaussian() - 0.405);
            double scale = Math.exp(0.35 * rng.nextGaussian());
            List<String> favourites = new ArrayList<>();
            while (favourites.size() < 3) {
                String c = popular().name();
                if (!favourites.contains(c)) {
                    favourites.add(c);
                }
            }
            String locker = rng.nextDouble() < 0.10 ? "addr-locker-" + rng.nextInt(lockers) : null;
            double moveDay = rng.nextDouble() < 0.04 ? uniform(0, RiskScenario.DAYS) : Double.POSITIVE_INFINITY;
            double upgradeDay = rng.nextDouble() < 0.20 ? uniform(0, RiskScenario.DAYS) : Double.POSITIVE_INFINITY;
            String card = familyCard != null && rng.nextDouble() < 0.5 ? familyCard : "card-" + id + "-1";
            Buyer b = new Buyer(id, openedDay, home, homeIp, familyDevice, locker, moveDay, upgradeDay, scale,
                    List.copyOf(favourites), card);
            buyers.add(b);
            // A new customer signs up to buy: the first order follows within days.
            double day = openedDay >= 0 ? openedDay + exponential(2) : exponential(1 / rate);
            while (day < RiskScenario.DAYS) {
                legitimateOrder(b, day);
                day += exponential(1 / rate);
            }
        }

        private void legitimateOrder(Buyer b, double day) {
            boolean first = b.attempts == 0;
            double kind = rng.nextDouble();
            boolean gift = kind < 0.07;
            boolean bigTicket = !gift && kind < 0.09;
            String category;
            double amount;
            if (gift) {
                category = pick(GIFT);
                amount = draw(category, b.scale) * 1.5;
            } else if (bigTicket) {
                category = pick(BIG_TICKET);
                amount = category(category).median() * uniform(2, 4);
            } else {
                category = rng.nextDouble() < 0.85 ? pick(b.favourites) : popular().name();
                amount = draw(category, b.scale);
            }
            String address;
            if (gift) {
                address = "addr-gift-" + keySeq++;
            } else if (day < b.moveDay && b.locker != null && rng.nextDouble() < 0.7) {
                address = b.locker;
            } else {
                address = b.address(day);
            }
            double where = rng.nextDouble();
            boolean travelling = false;
            String ip;
            if (where < 0.70) {
                ip = b.homeIp;
            } else if (where < 0.92) {
                ip = natIp();
            } else if (where < 0.97) {
                ip = "ip-travel-" + keySeq++;
                travelling = true;
            } else {
                ip = proxyIp();
            }
            String device;
            if (travelling && rng.nextDouble() < 0.2) {
                device = "dev-travel-" + keySeq++;
            } else if (b.familyDevice != null && rng.nextDouble() < 0.4) {
                device = b.familyDevice;
            } else {
                device = b.device(day);
            }
            if (rng.nextDouble() < 0.03) {
                b.card = "card-" + b.id + "-" + ++b.cards;
            }
            boolean coupon = first ? rng.nextDouble() < 0.5 : rng.nextDouble() < 0.08;
            boolean failed = rng.nextDouble() < 0.025;
            Double chargeback = !failed && rng.nextDouble() < 0.003 ? day + uniform(15, 90) : null;
            add(b.id, day, amount, category, address, device, ip, b.card, coupon, failed, chargeback,
                    FraudPattern.LEGITIMATE);
            b.attempts++;
            if (failed) {
                double retry = day + exponential(10 * MINUTE);
                if (rng.nextDouble() < 0.4) {
                    b.card = "card-" + b.id + "-" + ++b.cards;
                }
                Double retryChargeback = rng.nextDouble() < 0.003 ? retry + uniform(15, 90) : null;
                add(b.id, retry, amount, category, address, device, ip, b.card, coupon, false, retryChargeback,
                        FraudPattern.LEGITIMATE);
                b.attempts++;
                b.paidDays.add(retry);
            } else {
                b.paidDays.add(day);
            }
        }

        // ---- fraud ----

        private void cardTesting(int e) {
            double t0 = uniform(0, RiskScenario.DAYS - 0.1);
            int accounts = 1 + rng.nextInt(3);
            String device = "dev-ct-" + e;
            for (int a = 0; a < accounts; a++) {
                String id = newAccountId();
                open(id, rng.nextDouble() < 0.8 ? t0 - uniform(0, 1) : t0 - uniform(1, 30));
                double start = t0 + uniform(0, 10 * MINUTE);
                double burst = uniform(5, 120) * MINUTE;
                int attempts = 4 + rng.nextInt(17);
                double[] times = new double[attempts];
                for (int i = 0; i < attempts; i++) {
                    times[i] = start + uniform(0, burst);
                }
                Arrays.sort(times);
                String address = rng.nextDouble() < 0.2 ? pick(drops) : "addr-ct-" + id;
                boolean mimic = rng.nextDouble() < 0.3;
                String card = stolenCard();
                String ip = proxyIp();
                for (double day : times) {
                    if (rng.nextDouble() < 0.7) {
                        card = stolenCard();
                    }
                    if (rng.nextDouble() < 0.5) {
                        ip = proxyIp();
                    }
                    String category = mimic ? pick(CHEAP) : pick(TESTING);
                    double amount = mimic ? draw(category, 1) : uniform(1, 25);
                    boolean coupon = rng.nextDouble() < 0.1;
                    boolean failed = rng.nextDouble() < 0.65;
                    Double chargeback = !failed && rng.nextDouble() < 0.7 ? day + uniform(10, 45) : null;
                    add(id, day, amount, category, address, device, ip, card, coupon, failed, chargeback,
                            FraudPattern.CARD_TESTING);
                }
            }
        }

        private boolean accountTakeover(int e, Set<String> victims) {
            double t0 = uniform(0, RiskScenario.DAYS - 2);
            Buyer v = buyers.get(rng.nextInt(buyers.size()));
            if (victims.contains(v.id) || v.openedDay > t0 - 90
                    || v.paidDays.stream().filter(d -> d < t0).count() < 2) {
                return false;
            }
            victims.add(v.id);
            int n = 1 + rng.nextInt(4);
            double[] times = new double[n];
            for (int i = 0; i < n; i++) {
                times[i] = t0 + uniform(0, 2);
            }
            Arrays.sort(times);
            String device = rng.nextDouble() < 0.95 ? "dev-ato-" + e : v.device(t0);
            String ip = rng.nextDouble() < 0.7 ? proxyIp() : "ip-ato-" + e;
            double where = rng.nextDouble();
            boolean victimsHome = where >= 0.85;
            String address = where < 0.6 ? pick(drops) : victimsHome ? v.address(t0) : "addr-ato-" + e;
            boolean mimic = rng.nextDouble() < 0.25;
            for (double day : times) {
                String category = mimic ? pick(v.favourites) : victimsHome ? pick(TESTING) : pick(TAKEOVER);
                double amount = mimic ? draw(category, v.scale)
                        : category(category).median() * uniform(2, 6) * v.scale;
                boolean coupon = rng.nextDouble() < 0.03;
                boolean failed = rng.nextDouble() < 0.05;
                Double chargeback = !failed && rng.nextDouble() < 0.85 ? day + uniform(5, 40) : null;
                add(v.id, day, amount, category, address, device, ip, v.card, coupon, failed, chargeback,
                        FraudPattern.ACCOUNT_TAKEOVER);
            }
            return true;
        }

        private void mule() {
            List<String> ringDropsOfMule = ringDrops.get(rng.nextInt(ringDrops.size()));
            int ring = ringDrops.indexOf(ringDropsOfMule);
            double firstDay = uniform(0, RiskScenario.DAYS - 1);
            String id = newAccountId();
            open(id, rng.nextDouble() < 0.8 ? firstDay - uniform(0, 60) : firstDay - uniform(60, 400));
            int n = 1 + rng.nextInt(4);
            boolean cardPerOrder = rng.nextDouble() < 0.4;
            String card = stolenCard();
            String device = rng.nextDouble() < 0.5 ? "dev-ring-" + ring + "-" + rng.nextInt(3) : "dev-" + id;
            double day = firstDay;
            for (int j = 0; j < n && day < RiskScenario.DAYS; j++) {
                if (cardPerOrder && j > 0) {
                    card = stolenCard();
                }
                String category = rng.nextDouble() < 0.8 ? pick(RESHIPPED) : popular().name();
                double amount = draw(category, 1) * uniform(1, 1.5);
                String ip = rng.nextDouble() < 0.6 ? proxyIp() : natIp();
                boolean coupon = j == 0 && rng.nextDouble() < 0.2;
                boolean failed = rng.nextDouble() < 0.15;
                Double chargeback = !failed && rng.nextDouble() < 0.8 ? day + uniform(15, 60) : null;
                add(id, day, amount, category, pick(ringDropsOfMule), device, ip, card, coupon, failed, chargeback,
                        FraudPattern.RESHIPPING);
                day += exponential(2);
            }
        }

        private void couponAbuser(int e) {
            int accounts = 5 + rng.nextInt(26);
            double period = uniform(3, 30);
            double start = uniform(0, RiskScenario.DAYS - period);
            List<String> devices = new ArrayList<>();
            for (int i = 1 + rng.nextInt(2); i > 0; i--) {
                devices.add("dev-ca-" + e + "-" + i);
            }
            List<String> cards = new ArrayList<>();
            for (int i = 1 + rng.nextInt(3); i > 0; i--) {
                cards.add("card-ca-" + e + "-" + i);
            }
            String home = "addr-ca-" + e;
            String homeIp = "ip-ca-" + e;
            for (int a = 0; a < accounts; a++) {
                String id = newAccountId();
                double signup = start + uniform(0, period);
                open(id, signup);
                double day = signup + uniform(0, 60) * MINUTE;
                String device = rng.nextDouble() < 0.8 ? pick(devices) : "dev-" + id;
                String address = rng.nextDouble() < 0.4 ? home : home + "-v" + a;
                String ip = rng.nextDouble() < 0.6 ? homeIp : natIp();
                boolean failed = rng.nextDouble() < 0.03;
                add(id, day, uniform(50, 150), pick(EVERYDAY), address, device, ip, pick(cards), true, failed, null,
                        FraudPattern.COUPON_ABUSE);
            }
        }

        // ---- plumbing ----

        private void add(String account, double day, double amount, String category, String address, String device,
                         String ip, String card, boolean coupon, boolean failed, Double chargebackDay,
                         FraudPattern pattern) {
            if (day < 0 || day >= RiskScenario.DAYS) {
                return;
            }
            double cents = Math.max(0.5, Math.round(amount * 100) / 100.0);
            OrderAttempt attempt = new OrderAttempt("o" + orderSeq++, account, instant(day), cents, category,
                    address, device, ip, card, coupon);
            orders.add(new LabelledOrder(attempt, failed, chargebackDay == null ? null : instant(chargebackDay),
                    pattern));
            counts.merge(pattern, 1, Integer::sum);
        }

        private String newAccountId() {
            return "acct-" + accountSeq++;
        }

        private void open(String id, double day) {
            opened.put(id, instant(day));
        }

        private static Instant instant(double day) {
            return RiskScenario.START.plusMillis(Math.round(day * 86_400_000.0));
        }

        private String natIp() {
            return "ip-nat-" + rng.nextInt(CARRIER_NAT_IPS);
        }

        private String proxyIp() {
            return "ip-proxy-" + rng.nextInt(PROXY_IPS);
        }

        private String stolenCard() {
            return "card-stolen-" + keySeq++;
        }

        private double uniform(double lo, double hi) {
            return lo + (hi - lo) * rng.nextDouble();
        }

        private double exponential(double mean) {
            return -mean * Math.log(1 - rng.nextDouble());
        }

        private <T> T pick(List<T> xs) {
            return xs.get(rng.nextInt(xs.size()));
        }

        private Category popular() {
            double u = rng.nextDouble();
            double acc = 0;
            for (Category c : CATEGORIES) {
                acc += c.share();
                if (u < acc) {
                    return c;
                }
            }
            return CATEGORIES.getLast();
        }

        private static Category category(String name) {
            for (Category c : CATEGORIES) {
                if (c.name().equals(name)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("no category " + name);
        }

        private double draw(String category, double scale) {
            Category c = category(category);
            return c.median() * Math.exp(c.sigma() * rng.nextGaussian()) * scale;
        }
    }
}
