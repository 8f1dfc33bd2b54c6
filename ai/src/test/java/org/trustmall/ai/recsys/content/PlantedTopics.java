package org.trustmall.ai.recsys.content;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.trustmall.ai.recsys.SplitData;
import org.trustmall.ai.recsys.TrainingSet;

/**
 * A small catalogue of six product topics, eight items each, where every shopper buys within one topic: the next
 * item's text resembles the history's. The last item of each topic is never bought in training (a cold item) and is
 * the target of the {@link #coldCases}. Topics are unequally popular, so popularity is a fair baseline.
 */
final class PlantedTopics {
    static final int PER_TOPIC = 8;
    static final String[][] TOPICS = {
        {"Nitrile examination gloves, powder free, medium", "Latex disposable gloves, large, box of 100",
            "Vinyl gloves for food handling", "Cut resistant work gloves", "Heat resistant gloves for the lab",
            "Cryogenic gloves for liquid nitrogen", "Chemical resistant neoprene gloves",
            "Disposable nitrile gloves, small, blue"},
        {"AA alkaline batteries, pack of 24", "Rechargeable AAA NiMH batteries", "CR2032 lithium coin cell battery",
            "9V battery, long lasting", "18650 lithium-ion rechargeable battery cell",
            "Battery charger for AA and AAA batteries", "D size alkaline batteries, 4 pack",
            "LR44 button cell batteries assortment"},
        {"Compound microscope 40x-1000x with LED light", "Microscope slides, pre-cleaned glass, 72 pieces",
            "Cover slips for microscope slides", "Digital USB microscope camera", "Stereo dissecting microscope",
            "Microscope immersion oil", "Prepared microscope slides of plant cells",
            "Microscope objective lens 100x oil"},
        {"Stainless steel machine screws assortment", "Hex nuts M4, 100 pack", "Flat washers, zinc plated",
            "Self-tapping sheet metal screws", "Wood screws, Phillips head, 200 pieces",
            "Nylon lock nuts assortment kit", "Socket head cap screws M3", "Threaded rod with nuts, stainless"},
        {"Graduated glass beaker 250 ml", "Borosilicate Erlenmeyer flask 500 ml", "Glass test tubes with rack",
            "Volumetric flask 100 ml class A", "Graduated cylinder 100 ml, glass", "Round bottom boiling flask, glass",
            "Glass funnel for laboratory filtration", "Griffin low form glass beaker set"},
        {"Duct tape, silver, 60 yards", "Double sided mounting tape", "Electrical insulation tape, black",
            "Kapton polyimide tape, high temperature", "Painter's masking tape", "Aluminum foil tape for HVAC",
            "Clear packing tape with dispenser", "Gaffer tape, matte black"}};

    final List<String> texts;
    final List<int[]> train = new ArrayList<>();
    final List<SplitData.Case> cases = new ArrayList<>();
    final List<SplitData.Case> coldCases = new ArrayList<>();

    private PlantedTopics(List<String> texts) {
        this.texts = texts;
    }

    static PlantedTopics generate(long seed) {
        List<String> texts = new ArrayList<>();
        for (String[] topic : TOPICS) {
            texts.addAll(Arrays.asList(topic));
        }
        PlantedTopics p = new PlantedTopics(List.copyOf(texts));
        Random random = new Random(seed);
        double[] topicWeight = {6, 3, 2, 1, 1, 1};
        for (int u = 0; u < 400; u++) {
            int topic = pick(random, topicWeight);
            boolean cold = u % 10 == 0;
            int[] items = shuffledWarmItems(random, topic);
            int length = 4 + random.nextInt(2);
            int[] history = Arrays.copyOf(items, length - 1);
            int target = cold ? topic * PER_TOPIC + PER_TOPIC - 1 : items[length - 1];
            p.train.add(history);
            (cold ? p.coldCases : p.cases).add(new SplitData.Case(u, history, target));
        }
        return p;
    }

    /** The topic's warm items (all but its last) in a random order, the lower-numbered ones more likely first. */
    private static int[] shuffledWarmItems(Random random, int topic) {
        double[] w = new double[PER_TOPIC - 1];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1.0 / (i + 1);
        }
        int[] out = new int[w.length];
        for (int k = 0; k < out.length; k++) {
            int i = pick(random, w);
            out[k] = topic * PER_TOPIC + i;
            w[i] = 0;
        }
        return out;
    }

    private static int pick(Random random, double[] weights) {
        double total = Arrays.stream(weights).sum();
        double r = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0 && weights[i] > 0) {
                return i;
            }
        }
        for (int i = weights.length - 1; i >= 0; i--) {
            if (weights[i] > 0) {
                return i;
            }
        }
        throw new IllegalStateException("nothing to pick");
    }

    int itemCount() {
        return texts.size();
    }

    TrainingSet training() {
        return new TrainingSet(itemCount(), train, texts);
    }

    static int topicOf(int item) {
        return item / PER_TOPIC;
    }
}
