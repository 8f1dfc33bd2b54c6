package org.trustmall.app.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.trustmall.app.cli.Progress;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.Commerce;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.commerce.catalogue.CatalogueService;
import org.trustmall.commerce.consent.ConsentService;
import org.trustmall.commerce.disputes.DisputeService;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.commerce.promotions.PromotionService;
import org.trustmall.commerce.returns.ReturnService;
import org.trustmall.commerce.reviews.ReviewService;
import org.trustmall.commerce.support.SupportService;

/**
 * Seeds the demo marketplace once per data directory: an admin, several merchants with about two thousand
 * bilingual products, buyers, and past orders in every state — each paid, shipped and completed one with its
 * escrow and shipment on the ledger — with verified reviews of the completed ones, arbiters, a decided and an open
 * dispute, a refunded return, a customer-service agent with a conversation waiting in its queue, a welcome coupon
 * per merchant and a payout. A marker file records that seeding finished, so a second run starts at once.
 */
final class DemoMarketplace {
    static final String PASSWORD = "trustmall-demo";
    static final String ADMIN = "admin@demo.trustmall.org";
    private static final String[][] MERCHANTS = {
        {"aurora@demo.trustmall.org", "Aurora Electronics 极光电子"},
        {"bamboo@demo.trustmall.org", "Bamboo Home 竹居家居"},
        {"inkstone@demo.trustmall.org", "Inkstone Books 砚台书局"},
        {"silkroad@demo.trustmall.org", "Silk Road Apparel 丝路服饰"},
        {"peak@demo.trustmall.org", "Peak Outdoor 峰顶户外"},
        {"harvest@demo.trustmall.org", "Harvest Pantry 丰收食品"},
    };
    private static final String[][] ARBITERS = {
        {"arbiter1@demo.trustmall.org", "Arbiter Zhang 张仲裁"},
        {"arbiter2@demo.trustmall.org", "Arbiter Okafor"},
        {"arbiter3@demo.trustmall.org", "Arbiter Lindqvist"},
    };
    /** Customer-service agents: they answer the conversations the assistant hands over. */
    private static final String[][] AGENTS = {
        {"agent@demo.trustmall.org", "Agent Chen 陈客服"},
    };
    private static final String[][] BUYERS = {
        {"lilei@demo.trustmall.org", "Li Lei"},
        {"hanmeimei@demo.trustmall.org", "Han Meimei"},
        {"alice@demo.trustmall.org", "Alice"},
        {"bob@demo.trustmall.org", "Bob"},
        {"wangfang@demo.trustmall.org", "Wang Fang"},
    };

    record Logins(List<String[]> accounts) {
    }

    private DemoMarketplace() {
    }

    static Path marker(Path dataDir) {
        return dataDir.resolve("demo-seeded");
    }

    static boolean seeded(Path dataDir) {
        return Files.exists(marker(dataDir));
    }

    static List<String[]> logins() {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"admin", ADMIN});
        for (String[] m : MERCHANTS) {
            out.add(new String[] {"merchant", m[0]});
        }
        for (String[] b : BUYERS) {
            out.add(new String[] {"buyer", b[0]});
        }
        for (String[] a : ARBITERS) {
            out.add(new String[] {"arbiter", a[0]});
        }
        for (String[] a : AGENTS) {
            out.add(new String[] {"agent", a[0]});
        }
        return out;
    }

    static void seed(Commerce commerce, Path dataDir, int products, Progress progress) {
        AccountService accounts = commerce.accounts();
        accounts.createUser(new AccountService.Registration(ADMIN, PASSWORD, Role.ADMIN, "Demo Administrator"));
        List<Actor> merchants = new ArrayList<>();
        for (String[] m : MERCHANTS) {
            accounts.register(new AccountService.Registration(m[0], PASSWORD, Role.MERCHANT, m[1]));
            merchants.add(actor(accounts, m[0]));
        }
        List<Actor> buyers = new ArrayList<>();
        for (String[] b : BUYERS) {
            accounts.register(new AccountService.Registration(b[0], PASSWORD, Role.BUYER, b[1]));
            buyers.add(actor(accounts, b[0]));
        }
        List<Actor> arbiters = new ArrayList<>();
        for (String[] a : ARBITERS) {
            accounts.createUser(new AccountService.Registration(a[0], PASSWORD, Role.ARBITER, a[1]));
            arbiters.add(actor(accounts, a[0]));
        }
        for (String[] a : AGENTS) {
            accounts.createUser(new AccountService.Registration(a[0], PASSWORD, Role.AGENT, a[1]));
        }
        CatalogueService catalogue = commerce.catalogue();
        List<CatalogueService.Product> made = new ArrayList<>();
        progress.begin("products", products);
        for (int i = 0; i < products; i++) {
            made.add(catalogue.create(merchants.get(i % merchants.size()), DemoCatalogue.product(i, "DEMO")));
            progress.update(i + 1);
        }
        progress.end();
        shoppers(commerce, made, progress);
        List<OrderService.Order> completed = new ArrayList<>();
        List<OrderService.Order> delivered = new ArrayList<>();
        pastOrders(commerce, buyers, merchants, made, completed, delivered);
        reviews(commerce, buyers, completed);
        // Consents as people give them: some share their purchases for analytics, fewer want marketing.
        for (int i = 0; i < buyers.size(); i++) {
            if (i < 3) {
                commerce.consents().set(buyers.get(i), ConsentService.ANALYTICS, true);
            }
            if (i % 3 == 0) {
                commerce.consents().set(buyers.get(i), ConsentService.MARKETING, true);
            }
        }
        disputesAndReturns(commerce, buyers, merchants, arbiters, delivered);
        coupons(commerce, merchants);
        handedOffConversation(commerce, buyers.get(1));
        // One merchant has been paid what its released escrows owed it.
        for (Actor m : merchants) {
            if (commerce.payouts().statement(m, m.accountId(), "CNY", 0, 1).balance().minor() > 0) {
                commerce.payouts().requestPayout(m, "CNY", null);
                break;
            }
        }
        try {
            Files.writeString(marker(dataDir), "seeded " + products + " products\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Orders in every state, so the demo shows escrow locked, released and refunded, and parcels in transit; adds the
     * completed and the delivered ones to the lists given.
     */
    private static void pastOrders(Commerce commerce, List<Actor> buyers, List<Actor> merchants,
                                   List<CatalogueService.Product> products, List<OrderService.Order> completed,
                                   List<OrderService.Order> delivered) {
        OrderService orders = commerce.orders();
        Actor admin = actor(commerce.accounts(), ADMIN);
        OrderService.ShippingAddress address = new OrderService.ShippingAddress("Demo Buyer", "88 Century Avenue",
                null, "Shanghai", "CN-SH", "200120", "CN", "+86 21 5555 0188");
        String[] plans = {"completed", "delivered", "shipped", "paid", "created", "refunded", "cancelled",
            "completed"};
        int n = 0;
        for (int b = 0; b < buyers.size(); b++) {
            Actor buyer = buyers.get(b);
            for (String plan : plans) {
                CatalogueService.Product p = products.get((n * 37 + b * 11) % products.size());
                n++;
                commerce.carts().add(buyer, p.variants().get(0).sku(), 1 + n % 2);
                OrderService.Order o = orders.checkout(buyer, new OrderService.CheckoutRequest(address),
                        "demo-checkout-" + b + "-" + n).get(0);
                Actor merchant = merchants.stream().filter(m -> m.accountId() == o.merchantId()).findFirst()
                        .orElseThrow();
                if (plan.equals("created")) {
                    continue;
                }
                if (plan.equals("cancelled")) {
                    orders.cancel(buyer, o.id(), "ordered by mistake");
                    continue;
                }
                orders.pay(buyer, o.id(), new OrderService.PaymentRequest("4242424242424242"), "demo-pay-" + n);
                if (plan.equals("paid")) {
                    continue;
                }
                if (plan.equals("refunded")) {
                    orders.cancel(buyer, o.id(), "found it cheaper");
                    continue;
                }
                orders.ship(merchant, o.id(), new OrderService.ShipRequest("SF Express", "SF" + (1_000_000 + n)));
                orders.addShipmentEvent(merchant, o.id(), new OrderService.ShipmentEventRequest("picked_up",
                        "Shenzhen depot", null));
                if (plan.equals("shipped")) {
                    orders.addShipmentEvent(merchant, o.id(), new OrderService.ShipmentEventRequest("in_transit",
                            "Hangzhou hub", null));
                    continue;
                }
                OrderService.Order arrived = orders.addShipmentEvent(merchant, o.id(),
                        new OrderService.ShipmentEventRequest("delivered", "Shanghai", null));
                if (plan.equals("completed")) {
                    // Brand-new demo buyers ordering at once look risky, so some orders are held; the held ones
                    // meant to complete are reviewed by the administrator, as in the review queue. The others stay
                    // held, for the queue to show.
                    if (commerce.risk().decision(admin, o.id()).holds()) {
                        commerce.risk().review(admin, o.id(), "release", "demo: checked by the administrator");
                    }
                    completed.add(orders.confirm(buyer, o.id()));
                } else {
                    delivered.add(arrived);
                }
            }
        }
    }

    /**
     * A dispute the arbiters decided (two of three for a partial refund, C = 2/3), one still open, and a return
     * refunded per line — each step on the ledger.
     */
    private static void disputesAndReturns(Commerce commerce, List<Actor> buyers, List<Actor> merchants,
                                           List<Actor> arbiters, List<OrderService.Order> delivered) {
        Actor first = buyerOf(buyers, delivered.get(0));
        DisputeService.Dispute decided = commerce.disputes().open(first, delivered.get(0).id(),
                new DisputeService.Claim("The parcel arrived crushed and one item does not work.",
                        List.of("photo of the box, taken at delivery")));
        long half = delivered.get(0).total().minor() / 2;
        for (DisputeService.Arbiter a : decided.arbiters().subList(0, 2)) {
            Actor arbiter = arbiters.stream().filter(x -> x.accountId() == a.accountId()).findFirst().orElseThrow();
            commerce.disputes().vote(arbiter, decided.id(), new DisputeService.VoteRequest("refund",
                    Money.of(half, delivered.get(0).total().currency())));
        }
        commerce.disputes().open(buyerOf(buyers, delivered.get(1)), delivered.get(1).id(),
                new DisputeService.Claim("It is not the colour shown on the product page.", List.of()));
        OrderService.Order returned = delivered.get(2);
        Actor buyer = buyerOf(buyers, returned);
        Actor merchant = merchants.stream().filter(m -> m.accountId() == returned.merchantId()).findFirst()
                .orElseThrow();
        ReturnService.Return r = commerce.returns().request(buyer, returned.id(), new ReturnService.ReturnRequest(
                List.of(new ReturnService.LineRequest(0, 1)), "Changed my mind 不想要了"));
        commerce.returns().decide(merchant, r.id(), new ReturnService.Decision(true, null));
        commerce.returns().ship(buyer, r.id(), new OrderService.ShipRequest("SF Express", "SFR" + r.id()));
        commerce.returns().addShipmentEvent(merchant, r.id(), new OrderService.ShipmentEventRequest("picked_up",
                "Shanghai", null));
        commerce.returns().addShipmentEvent(merchant, r.id(), new OrderService.ShipmentEventRequest("delivered",
                "Shenzhen depot", null));
    }

    private static Actor buyerOf(List<Actor> buyers, OrderService.Order o) {
        return buyers.stream().filter(b -> b.accountId() == o.buyerId()).findFirst().orElseThrow();
    }

    private static final String[][] REVIEWS = {
        {"5", "Exactly as described", "Arrived quickly and works perfectly."},
        {"4", "很好用", "质量不错，物流很快，包装也很仔细。"},
        {"3", "Fine for the price", "Does the job, though the finish could be better."},
    };

    /** Verified-purchase reviews of completed orders; each version's commitment is on the ledger. */
    private static void reviews(Commerce commerce, List<Actor> buyers, List<OrderService.Order> completed) {
        int n = 0;
        for (OrderService.Order o : completed) {
            Actor buyer = buyers.stream().filter(b -> b.accountId() == o.buyerId()).findFirst().orElseThrow();
            String[] r = REVIEWS[n++ % REVIEWS.length];
            commerce.reviews().publish(buyer, o.lines().get(0).productId(), new ReviewService.NewReview(o.id(),
                    Integer.parseInt(r[0]), r[1], r[2], n % 2 == 0 ? null : "Happy customer " + n));
        }
    }

    /** A welcome coupon per merchant: 10% off from 100 CNY, once per buyer, 1,000 uses. */
    private static void coupons(Commerce commerce, List<Actor> merchants) {
        for (int i = 0; i < merchants.size(); i++) {
            commerce.promotions().create(merchants.get(i), new PromotionService.CouponInput("WELCOME" + (i + 1), 10,
                    null, "CNY", 10_000L, null, null, 1_000, 1));
        }
    }

    /** Simulated shoppers who browse the demo before it opens: enough history for the recommender to learn from. */
    static int shopperCount(int products) {
        return Math.max(30, Math.min(150, products / 2));
    }

    /** The simulated shoppers' accounts and browsing (views and cart additions), for the recommender to learn from. */
    private static void shoppers(Commerce commerce, List<CatalogueService.Product> products, Progress progress) {
        AccountService accounts = commerce.accounts();
        int count = shopperCount(products.size());
        List<List<DemoShoppers.Step>> histories = DemoShoppers.histories(count, products.size());
        progress.begin("shoppers", count);
        for (int s = 0; s < count; s++) {
            String email = String.format(java.util.Locale.ROOT, "shopper%03d@demo.trustmall.org", s + 1);
            accounts.register(new AccountService.Registration(email, PASSWORD, Role.BUYER,
                    String.format(java.util.Locale.ROOT, "Shopper %03d", s + 1)));
            Actor shopper = actor(accounts, email);
            for (DemoShoppers.Step step : histories.get(s)) {
                commerce.events().record(shopper, products.get(step.product()).id(), step.kind(), null);
            }
            accounts.logout(shopper);
            progress.update(s + 1);
        }
        progress.end();
    }

    private static Actor actor(AccountService accounts, String email) {
        return accounts.authenticate(accounts.login(email, PASSWORD, "127.0.0.1").token());
    }

    /** A conversation the assistant handed to a person, waiting in the agents' queue. */
    private static void handedOffConversation(Commerce commerce, Actor buyer) {
        SupportService support = commerce.support();
        SupportService.Conversation c = support.open(buyer, "zh");
        support.append(buyer, c.id(), SupportService.Author.CUSTOMER, "我的快递三天没有更新了，可以找人工客服帮我查一下吗？",
                Map.of());
        support.append(buyer, c.id(), SupportService.Author.ASSISTANT, "好的，我已为您转接人工客服，请稍候。",
                Map.of("intent", "talk_to_human"));
        support.handOff(buyer, c.id(), "customer_request");
    }
}
