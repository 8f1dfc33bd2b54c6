package org.trustmall.commerce.reviews;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.trustmall.commerce.reviews.ReviewService.Content;

/**
 * The review commitment is exactly what {@link ReviewContent}'s documentation tells an outside verifier: checked
 * against an encoding built by hand from that description, and against a fixed vector.
 */
class ReviewContentTest {

    @Test
    void theCommitmentIsSha256OfTheDocumentedCanonicalMap() throws Exception {
        Content c = new Content(4, "Quiet", "Boils fast.\n好");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0xa6); // a map of six pairs, keys in canonical order: shorter first, then bytewise
        text(b, "text");
        text(b, "Boils fast.\n好");
        text(b, "title");
        text(b, "Quiet");
        text(b, "rating");
        b.write(0x04);
        text(b, "scheme");
        text(b, "trustmall-review/1");
        text(b, "product");
        b.write(0x18); // an unsigned integer in one following byte
        b.write(42);
        text(b, "version");
        b.write(0x02);
        byte[] expected = b.toByteArray();
        assertArrayEquals(expected, ReviewContent.encoding(42, 2, c));
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(expected), ReviewContent.commitment(42, 2, c));
    }

    @Test
    void aReviewWithoutTitleLeavesTheKeyOut() {
        byte[] encoding = ReviewContent.encoding(7, 1, new Content(5, null, "Great"));
        assertEquals(0xa5, encoding[0] & 0xff);
        assertFalse(new String(encoding, StandardCharsets.UTF_8).contains("title"));
        // A fixed vector, so that a change to the scheme cannot pass unnoticed.
        assertEquals("a5647465787465477265617466726174696e6705667363686"
                + "56d657274727573746d616c6c2d7265766965772f316770726f647563740767766572"
                + "73696f6e01", HexFormat.of().formatHex(encoding));
    }

    private static void text(ByteArrayOutputStream b, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length < 24) {
            b.write(0x60 + utf8.length);
        } else {
            b.write(0x78);
            b.write(utf8.length);
        }
        b.writeBytes(utf8);
    }

    @Provide
    Arbitrary<Content> contents() {
        return Combinators.combine(Arbitraries.integers().between(1, 5),
                Arbitraries.strings().ofMaxLength(20).injectNull(0.3),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(50)).as(Content::new);
    }

    @Property(tries = 300)
    void anyChangeToProductVersionRatingTitleOrTextChangesTheCommitment(@ForAll("contents") Content c,
            @ForAll @IntRange(min = 1, max = 1000) int product, @ForAll @IntRange(min = 1, max = 100) int version) {
        byte[] h = ReviewContent.commitment(product, version, c);
        assertArrayEquals(h, ReviewContent.commitment(product, version, new Content(c.rating(), c.title(),
                c.text())), "deterministic");
        assertFalse(Arrays.equals(h, ReviewContent.commitment(product + 1, version, c)));
        assertFalse(Arrays.equals(h, ReviewContent.commitment(product, version + 1, c)));
        assertFalse(Arrays.equals(h, ReviewContent.commitment(product, version,
                new Content(c.rating() % 5 + 1, c.title(), c.text()))));
        assertFalse(Arrays.equals(h, ReviewContent.commitment(product, version,
                new Content(c.rating(), c.title(), c.text() + "."))));
        assertFalse(Arrays.equals(h, ReviewContent.commitment(product, version,
                new Content(c.rating(), c.title() == null ? "" : null, c.text()))), "no title differs from empty");
        // Moving words between title and text is a change too.
        if (c.title() != null) {
            assertFalse(Arrays.equals(h, ReviewContent.commitment(product, version,
                    new Content(c.rating(), null, c.title() + c.text()))));
        }
    }
}
