package org.trustmall.commerce.support;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.Page;

/**
 * Customer-service conversations and the human-agent queue. A conversation belongs to the signed-in person who
 * opened it; its messages are sealed in the privacy vault with that person's key (so erasing the person shreds
 * them) and only metadata (state, language, timestamps, intent names) is stored in the clear. The owner sees their
 * own conversations; agents ({@code Role.AGENT}) and admins see the queue of handed-off ones and reply there;
 * anybody else gets {@code NotFound}. Thread-safe.
 */
public interface SupportService {

    /** Who wrote a message. */
    enum Author {
        CUSTOMER, ASSISTANT, AGENT;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code OPEN}: the assistant is handling it; {@code HANDED_OFF}: waiting for or with an agent; {@code CLOSED}. */
    enum State {
        OPEN, HANDED_OFF, CLOSED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One message. {@code meta} holds what the assistant recorded with its reply (intent, confidence, actions,
     * citations) as plain strings; it is sealed together with the text.
     */
    record Message(long seq, Author author, String text, Map<String, String> meta, Instant at) {
    }

    record Conversation(String id, long customerId, State state, String lang, String handoffReason,
                        Instant createdAt, Instant updatedAt, List<Message> messages) {
    }

    /** A row of the agents' queue: no message text, only what is needed to pick a conversation. */
    record QueueEntry(String id, long customerId, State state, String lang, String handoffReason, int messages,
                      Instant createdAt, Instant updatedAt) {
    }

    /**
     * Where a conversation stands for its owner's next turn: its state and language, and what the assistant recorded
     * with its last reply — empty when there is none or a human agent answered after it.
     */
    record Position(String id, State state, String lang, Map<String, String> lastAssistantMeta) {
    }

    /**
     * The owner's conversation as {@link Position}: only the last reply's meta is opened (one logged read of it),
     * not every message, so a turn costs the same however long the conversation has grown. An erased owner's
     * conversation reads as closed.
     */
    Position position(Actor owner, String conversationId);

    /** Opens a new conversation owned by the signed-in {@code customer} (any role but AGENT); lang {@code en|zh}. */
    Conversation open(Actor customer, String lang);

    /** The conversation with every message, oldest first: to its owner, and to agents and admins once handed off. */
    Conversation get(Actor actor, String conversationId);

    /**
     * Appends a message written by the owner ({@code CUSTOMER}) or by the assistant on the owner's behalf
     * ({@code ASSISTANT}); only the owner's session may do either. Text 1-4000 characters.
     */
    Message append(Actor owner, String conversationId, Author author, String text, Map<String, String> meta);

    /** The owner (through the assistant) hands the conversation to a human agent: it joins the agents' queue. */
    Conversation handOff(Actor owner, String conversationId, String reason);

    /** Agents and admins: handed-off conversations (state filter optional), oldest waiting first. */
    Page<QueueEntry> queue(Actor agent, State state, int page, int size);

    /** An agent or admin replies in a handed-off conversation. Text 1-4000 characters. */
    Message reply(Actor agent, String conversationId, String text);

    /** An agent, an admin or the owner closes the conversation. */
    Conversation close(Actor actor, String conversationId);

    /** The owner's own conversations, newest first (for their data export too). */
    List<Conversation> mine(Actor owner);
}
