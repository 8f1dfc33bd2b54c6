package org.trustmall.assistant.knowledge;

/**
 * The assistant's documents could not be loaded or used: the message names the resource or the argument and says
 * what is wrong with it.
 */
public class KnowledgeException extends RuntimeException {
    public KnowledgeException(String message) {
        super(message);
    }

    public KnowledgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
