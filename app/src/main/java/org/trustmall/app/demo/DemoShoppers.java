package org.trustmall.app.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Browsing histories for the demo's simulated shoppers, so that the recommender has something real to learn on a
 * fresh demo: each shopper follows a few "missions" through related products (a pair of headphones, then a power
 * bank, then a speaker; a tea set, then tea, then a mooncake box), viewing several products of each step before
 * often putting one in the cart, with a share of random browsing mixed in. The missions link
 * products of different categories, which a model has to learn from the sequences: nothing in the product text
 * says that tea follows a tea set. Seeded, so every fresh demo has the same history.
 */
final class DemoShoppers {
    /** One step of a simulated session: product index into the demo catalogue and the event kind. */
    record Step(int product, String kind) {
    }

    /** Missions as chains of (kind, noun) in DemoCatalogue's terms: kind = product mod 10, noun per product. */
    private static final int[][][] MISSIONS = {
        {{0, 0}, {0, 2}, {0, 1}},       // headphones → power bank → speaker
        {{1, 0}, {5, 0}, {5, 3}},       // tea set → green tea → mooncake gift box
        {{6, 0}, {3, 2}, {3, 0}},       // yoga mat → running shoes → t-shirt
        {{2, 2}, {0, 4}, {9, 0}},       // python book → keyboard → office chair
        {{4, 1}, {4, 0}, {4, 2}},       // cleanser → face cream → sunscreen
        {{2, 0}, {5, 2}, {1, 0}},       // cooking book → sichuan peppercorn → tea set
        {{7, 0}, {7, 1}, {7, 2}},       // building blocks → puzzle → toy car
        {{8, 0}, {8, 2}, {8, 1}},       // thermometer → blood pressure monitor → massage pillow
        {{6, 2}, {3, 1}, {1, 1}},       // camping tent → down jacket → table lamp
        {{9, 3}, {9, 2}, {9, 1}},       // desk organizer → notebook → fountain pen
    };

    private DemoShoppers() {
    }

    /** The product indices of each (kind, noun) pair among the first {@code products} demo products. */
    private static List<List<List<Integer>>> byKindAndNoun(int products) {
        List<List<List<Integer>>> out = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            List<List<Integer>> nouns = new ArrayList<>();
            for (int n = 0; n < 6; n++) {
                nouns.add(new ArrayList<>());
            }
            out.add(nouns);
        }
        for (int i = 0; i < products; i++) {
            out.get(i % 10).get(DemoCatalogue.nounIndex(i)).add(i);
        }
        return out;
    }

    /** Every shopper's history, oldest first. */
    static List<List<Step>> histories(int shoppers, int products) {
        List<List<List<Integer>>> index = byKindAndNoun(products);
        List<List<Step>> out = new ArrayList<>(shoppers);
        for (int s = 0; s < shoppers; s++) {
            out.add(history(s, products, index));
        }
        return out;
    }

    private static List<Step> history(int shopper, int products, List<List<List<Integer>>> index) {
        Random r = new Random(7_919L * shopper + 3);
        // Within a (kind, noun) group shoppers favour a few popular products: a Zipf-like pick.
        List<Step> steps = new ArrayList<>();
        int missions = 1 + r.nextInt(3);
        int favourite = r.nextInt(MISSIONS.length);
        for (int m = 0; m < missions; m++) {
            int[][] mission = MISSIONS[m == 0 ? favourite : r.nextInt(MISSIONS.length)];
            int length = 2 + r.nextInt(mission.length - 1);
            for (int s = 0; s < length; s++) {
                List<Integer> group = index.get(mission[s][0]).get(mission[s][1]);
                if (group.isEmpty()) {
                    continue;
                }
                int views = 1 + r.nextInt(3);
                int chosen = -1;
                for (int v = 0; v < views; v++) {
                    chosen = group.get(zipf(r, group.size()));
                    steps.add(new Step(chosen, "view"));
                }
                if (r.nextDouble() < 0.15) {
                    steps.add(new Step(r.nextInt(products), "view")); // a detour
                }
                if (r.nextDouble() < 0.6) {
                    steps.add(new Step(chosen, "cart"));
                }
            }
        }
        return steps;
    }

    private static int zipf(Random r, int n) {
        // P(k) ∝ 1/(k+1): the first products of a group are the popular ones.
        double total = 0;
        for (int k = 0; k < n; k++) {
            total += 1.0 / (k + 1);
        }
        double u = r.nextDouble() * total;
        for (int k = 0; k < n; k++) {
            u -= 1.0 / (k + 1);
            if (u <= 0) {
                return k;
            }
        }
        return n - 1;
    }
}
