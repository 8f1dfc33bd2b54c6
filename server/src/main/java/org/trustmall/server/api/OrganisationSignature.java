package org.trustmall.server.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.trustmall.commerce.CommerceException;
import org.trustmall.ledger.crypto.SignatureVerifier;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.identity.Organisation;

/**
 * Authenticates a request made by a consortium organisation rather than a user account — a validator fetching what it
 * re-executes: headers {@value #ORGANISATION} (its name as in the genesis block), {@value #TIMESTAMP} (epoch
 * milliseconds) and {@value #SIGNATURE} (base64 Ed25519 signature by the organisation's genesis key over
 * {@link #message}). The signed message binds the method, the path with its query and the time; a request older or
 * newer than the clock window is refused, so a captured one is useless a minute later. The platform's own
 * organisation is refused: it is the one being checked. Thread-safe.
 */
public final class OrganisationSignature {
    public static final String ORGANISATION = "TrustMall-Organisation";
    public static final String TIMESTAMP = "TrustMall-Timestamp";
    public static final String SIGNATURE = "TrustMall-Signature";
    public static final Duration WINDOW = Duration.ofSeconds(60);
    private static final String DOMAIN = "trustmall-organisation-request/v1";

    private final Supplier<List<Organisation>> organisations;
    private final String platformOrganisation;
    private final SignatureVerifier verifier;
    private final InstantSource clock;

    /**
     * @param organisations        the genesis organisations with their keys
     * @param platformOrganisation this platform's own organisation, refused
     */
    public OrganisationSignature(Supplier<List<Organisation>> organisations, String platformOrganisation,
                                 SignatureVerifier verifier, InstantSource clock) {
        this.organisations = Objects.requireNonNull(organisations, "organisations");
        this.platformOrganisation = Objects.requireNonNull(platformOrganisation, "platformOrganisation");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What is signed: a domain tag, the method, the path with its query string, the timestamp. */
    public static byte[] message(String method, String pathAndQuery, long timestampMillis) {
        return (DOMAIN + "\n" + method + "\n" + pathAndQuery + "\n" + timestampMillis)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The three headers for a request, signed with an organisation's key: name, timestamp, signature. */
    public static List<String> headers(String organisation, SigningKey key, String method, String pathAndQuery,
                                       long timestampMillis) {
        byte[] sig = key.sign(message(method, pathAndQuery, timestampMillis));
        return List.of(ORGANISATION, organisation, TIMESTAMP, Long.toString(timestampMillis), SIGNATURE,
                Base64.getEncoder().encodeToString(sig));
    }

    /**
     * The authenticated organisation's name.
     *
     * @throws CommerceException.Unauthenticated when a header is missing or malformed, the organisation or its
     *                                           signature unknown, or the time outside the window
     * @throws CommerceException.Forbidden       for the platform's own organisation
     */
    public String authenticate(String method, String pathAndQuery, String organisation, String timestamp,
                               String signature) {
        if (organisation == null || timestamp == null || signature == null) {
            throw new CommerceException.Unauthenticated("this endpoint is for consortium organisations: send the "
                    + ORGANISATION + ", " + TIMESTAMP + " and " + SIGNATURE + " headers");
        }
        long at;
        byte[] sig;
        try {
            at = Long.parseLong(timestamp.strip());
            sig = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            throw new CommerceException.Unauthenticated("header " + TIMESTAMP + " must be epoch milliseconds and "
                    + SIGNATURE + " base64");
        }
        if (Math.abs(clock.millis() - at) > WINDOW.toMillis()) {
            throw new CommerceException.Unauthenticated("header " + TIMESTAMP + " is more than "
                    + WINDOW.toSeconds() + " s away from the platform's clock");
        }
        Organisation org = organisations.get().stream().filter(o -> o.name().equals(organisation.strip()))
                .findFirst().orElse(null);
        if (org == null || !verifier.verify(org.key(), message(method, pathAndQuery, at), sig)) {
            throw new CommerceException.Unauthenticated("the signature is not that of a consortium organisation's "
                    + "key");
        }
        if (org.name().equals(platformOrganisation)) {
            throw new CommerceException.Forbidden("organisation " + org.name() + " runs this platform; it does not "
                    + "validate its own decisions");
        }
        return org.name();
    }
}
