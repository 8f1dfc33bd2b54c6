package org.trustmall.commerce.reviews;

import java.time.Instant;
import java.util.List;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.Page;

/**
 * Verified-purchase reviews whose every version is committed on the ledger (contract {@code review}), so that
 * anyone can check that what the platform shows is what was written: an edit is a visible new version, moderation
 * can hide a review with a recorded reason but never alter it, and a review changed or deleted in the database
 * without the ledger is reported by {@link #verify}. Content commitments are computed by {@link ReviewContent}.
 *
 * <p>Only a buyer with a delivered (or completed) order containing the product may review it, once per order. The
 * author appears publicly under the display name they chose or a stable pseudonym that does not reveal the account.
 */
public interface ReviewService {

    /** What a review says; {@code title} is null when there is none. Its commitment is {@link ReviewContent}'s. */
    record Content(int rating, String title, String text) {
    }

    /**
     * A new review.
     *
     * @param orderId     which of the buyer's delivered orders it is for; null when exactly one such order of the
     *                    product is not yet reviewed
     * @param title       optional, at most 120 characters
     * @param text        1-5000 characters; line breaks are kept (as \n)
     * @param displayName how the author appears, 1-40 characters; null for the author's pseudonym
     */
    record NewReview(Long orderId, int rating, String title, String text, String displayName) {
    }

    /** An edit: null fields keep their value; a blank {@code title} removes the title. */
    record ReviewEdit(Integer rating, String title, String text) {
    }

    /** Hide ({@code visible} false) or show again, with a reason 1-500 characters that is published. */
    record Moderation(boolean visible, String reason) {
    }

    /** A version as written: {@code contentHash} is the commitment sent to the ledger (hex). */
    record Version(int version, Content content, String contentHash, String transactionId, long height,
                   Instant createdAt) {
    }

    /** A recorded hide ({@code visible} false) or unhide. */
    record ModerationEntry(int n, boolean visible, String reason, String transactionId, long height, Instant at) {
    }

    /**
     * A review as stored. {@code content} (and each version's) is null where it is withheld: a hidden review's words
     * are shown only to its author and to admins. {@code ledgerId} is the review's id on the ledger.
     */
    record Review(long id, long productId, long orderId, long authorId, String ledgerId, String displayName,
                  int version, Content content, boolean visible, Instant createdAt, Instant updatedAt,
                  List<Version> versions, List<ModerationEntry> moderation) {
        public Review {
            versions = List.copyOf(versions);
            moderation = List.copyOf(moderation);
        }
    }

    /**
     * A page of a product's reviews and the product's public figures: {@code publicCount} visible reviews with
     * {@code averageRating} (null when there are none), and {@code hiddenCount} reviews hidden by moderation.
     */
    record ProductReviews(long productId, Page<Review> page, long publicCount, long hiddenCount,
                          Double averageRating) {
    }

    /** What a check found. */
    enum Verdict {
        /** Every stored version matches its commitment on the ledger, and nothing is missing. */
        INTACT,
        /** Stored content, a version, the visibility or a moderation entry differs from the ledger's record. */
        ALTERED,
        /** The ledger holds a version (or the review's latest) that the database lacks. */
        MISSING,
        /** The database holds a review the ledger has never recorded: it was not published through the platform. */
        UNRECORDED
    }

    /**
     * One version compared: {@code storedHash} recomputed from the database ({@code null} when the database lacks
     * the version), {@code ledgerHash} as the ledger recorded it ({@code null} when the ledger lacks it), the ledger's
     * transaction that wrote it (the database's when the ledger lacks it).
     */
    record VersionCheck(int version, String storedHash, String ledgerHash, String transactionId, long height,
                        boolean matches) {
    }

    /** One moderation entry as the ledger recorded it, and whether the database agrees. */
    record ModerationCheck(int n, boolean visible, String reason, String transactionId, long height,
                           boolean matches) {
    }

    /** Reviews of a product ever published on the ledger against those in the database. */
    record ProductCount(long productId, long ledgerCount, long databaseCount) {
        public boolean matches() {
            return ledgerCount == databaseCount;
        }
    }

    /**
     * A review checked against the ledger. {@code storedHash} is recomputed from the review as shown (its latest
     * content), {@code ledgerHash} the ledger's commitment for that version; {@code findings} say in words what
     * differs. {@code ledgerVisible} is null for an unrecorded review.
     */
    record ReviewProof(Review review, Verdict verdict, List<String> findings, String storedHash, String ledgerHash,
                       Boolean ledgerVisible, List<VersionCheck> versions, List<ModerationCheck> moderation,
                       ProductCount product) {
        public ReviewProof {
            findings = List.copyOf(findings);
            versions = List.copyOf(versions);
            moderation = List.copyOf(moderation);
        }
    }

    /**
     * A product's reviews checked against the ledger: ledger review ids the database lacks (deleted rows), and
     * database reviews the ledger never recorded.
     */
    record ProductProof(ProductCount count, List<String> missingFromDatabase, List<Long> notOnLedger) {
        public ProductProof {
            missingFromDatabase = List.copyOf(missingFromDatabase);
            notOnLedger = List.copyOf(notOnLedger);
        }

        public boolean consistent() {
            return count.matches() && missingFromDatabase.isEmpty() && notOnLedger.isEmpty();
        }
    }

    /**
     * A product's reviews, newest first. Anyone (a null actor) sees visible reviews; an admin also sees hidden ones,
     * and a buyer also their own hidden ones; each is marked by {@link Review#visible}. {@code NotFound} for an
     * unknown product.
     */
    ProductReviews list(Actor actorOrNull, long productId, int page, int size);

    /**
     * A buyer reviews a product they received: the commitment to version 1 is published on the ledger first, then
     * the review is stored. {@code Forbidden} for a buyer with no order of the product (and for anyone not a buyer);
     * {@code Conflict} on {@code orderId} when the order is not delivered yet or was already reviewed for the product;
     * {@code InvalidInput} naming the field for bad content, or {@code orderId} when it must be named.
     */
    Review publish(Actor buyer, long productId, NewReview review);

    /**
     * The author edits their review: a new version, committed on the ledger; earlier versions are kept. {@code
     * Forbidden} for anyone else; {@code InvalidInput} when the edit changes nothing.
     */
    Review edit(Actor author, long reviewId, ReviewEdit edit);

    /**
     * An admin hides a review or shows it again, with a reason, recorded on the ledger; the content is never touched.
     * {@code Conflict} on {@code action} when the review is already so.
     */
    Review moderate(Actor admin, long reviewId, Moderation moderation);

    /**
     * Checks a stored review against the ledger: each version's commitment recomputed from the database against the
     * ledger's, the visibility and moderation entries, and the product's review counts. Anyone may ask; a hidden
     * review's words are withheld unless the actor is its author or an admin, but the verdict still covers them.
     */
    ReviewProof verify(Actor actorOrNull, long reviewId);

    /** Checks that the database holds exactly the reviews of a product that the ledger recorded. */
    ProductProof verifyProduct(long productId);
}
