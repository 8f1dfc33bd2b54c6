package org.trustmall.privacy.redaction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds personal data in English and Chinese text and replaces it with placeholders, for text that leaves the
 * platform (a prompt to an external model) and for log lines. Immutable and safe to share between threads.
 *
 * <p>What counts: emails, PRC resident IDs (with their check digit), payment cards (Luhn and an issuer prefix),
 * phone numbers (PRC mobiles and landlines, North American and E.164 numbers), IPv4 and IPv6 addresses, and, best
 * effort, person names and postal addresses. Each recogniser is described on its class; the figures on a generated
 * bilingual set come from {@code ./trustmall privacy redact-eval}.
 *
 * <p>Every pattern runs in time linear in the text (no nested unbounded repetition, no backtracking beyond a bounded
 * window), so a megabyte of hostile input costs what a megabyte of ordinary text does, not hours.
 */
public final class Redactor {
    private static final Map<EntityType, Recogniser> RECOGNISERS = Map.of(
            EntityType.EMAIL, new EmailRecogniser(),
            EntityType.ID_CARD, new IdCardRecogniser(),
            EntityType.BANK_CARD, new BankCardRecogniser(),
            EntityType.PHONE, new PhoneRecogniser(),
            EntityType.IP, new IpRecogniser(),
            EntityType.ADDRESS, new AddressRecogniser(),
            EntityType.NAME, new NameRecogniser());

    /** Findings of higher priority first (by {@link EntityType} order), then longer before shorter, then leftmost. */
    private static final Comparator<Span> PRIORITY = Comparator.comparing(Span::type)
            .thenComparing(Comparator.comparingInt(Span::length).reversed())
            .thenComparingInt(Span::start);

    private static final Redactor STANDARD = new Redactor(EnumSet.allOf(EntityType.class));

    private final Set<EntityType> types;
    private final List<Recogniser> recognisers;

    private Redactor(Set<EntityType> types) {
        this.types = Set.copyOf(types);
        List<Recogniser> r = new ArrayList<>();
        for (EntityType t : EntityType.values()) {
            if (types.contains(t)) {
                r.add(RECOGNISERS.get(t));
            }
        }
        this.recognisers = List.copyOf(r);
    }

    /** A redactor for every entity type. */
    public static Redactor standard() {
        return STANDARD;
    }

    /** A redactor for these entity types only (at least one). */
    public static Redactor of(Set<EntityType> types) {
        Objects.requireNonNull(types, "types");
        if (types.isEmpty()) {
            throw new IllegalArgumentException("a redactor needs at least one entity type");
        }
        return new Redactor(EnumSet.copyOf(types));
    }

    public Set<EntityType> types() {
        return types;
    }

    /**
     * The personal data in {@code text}, in text order and without overlaps: where findings overlap, the one of
     * the higher-priority type wins (an ID over the card number it also resembles), then the longer one.
     */
    public List<Span> find(String text) {
        Objects.requireNonNull(text, "text");
        List<Span> candidates = new ArrayList<>();
        for (Recogniser r : recognisers) {
            r.find(text, candidates);
        }
        candidates.sort(PRIORITY);
        TreeMap<Integer, Span> kept = new TreeMap<>();
        for (Span s : candidates) {
            Map.Entry<Integer, Span> before = kept.floorEntry(s.start());
            Map.Entry<Integer, Span> after = kept.ceilingEntry(s.start());
            boolean clash = (before != null && before.getValue().overlaps(s))
                    || (after != null && after.getValue().overlaps(s));
            if (!clash) {
                kept.put(s.start(), s);
            }
        }
        return List.copyOf(kept.values());
    }

    /** {@code text} with every finding replaced by its type's placeholder ({@code [EMAIL]}, {@code [PHONE]} …). */
    public String redact(String text) {
        List<Span> spans = find(text);
        if (spans.isEmpty()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length());
        int at = 0;
        for (Span s : spans) {
            b.append(text, at, s.start()).append(s.type().placeholder());
            at = s.end();
        }
        return b.append(text, at, text.length()).toString();
    }
}
