package org.trustmall.privacy;

/**
 * The privacy module's root exception: something about personal data or its keys could not be done safely. The
 * message says what and where (a key file, a subject), never the personal data itself.
 */
public class PrivacyException extends RuntimeException {
    public PrivacyException(String message) {
        super(message);
    }

    public PrivacyException(String message, Throwable cause) {
        super(message, cause);
    }
}
