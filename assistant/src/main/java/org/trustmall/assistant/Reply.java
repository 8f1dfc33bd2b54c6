package org.trustmall.assistant;

import java.util.List;

/**
 * The assistant's answer to one message. {@code intent} is null when the message was out of scope (then
 * {@code confidence} is the best intent's, below the rejection threshold), the proposal's intent for a yes or no to
 * a proposal. {@code handedOff} is true once the conversation waits for a human agent.
 */
public record Reply(String conversationId, String lang, String text, String intent, double confidence,
                    List<Action> actions, List<Citation> citations, boolean handedOff) {
    public Reply {
        actions = List.copyOf(actions);
        citations = List.copyOf(citations);
    }
}
