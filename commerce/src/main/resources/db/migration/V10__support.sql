-- Customer-service agents: a staff role an admin grants, like arbiter.
ALTER TABLE accounts DROP CONSTRAINT accounts_role;
ALTER TABLE accounts ADD CONSTRAINT accounts_role CHECK (role IN ('buyer', 'merchant', 'admin', 'arbiter', 'agent'));

-- Conversations with the assistant and, once handed off, with a human agent. The id is a random UUID (never a
-- guessable sequence). Only metadata is in the clear: state, language, the handoff reason (a short code such as
-- customer_request), timestamps and the number of messages. handed_off_at orders the agents' queue.
CREATE TABLE support_conversations (
    id             CHAR(36)    PRIMARY KEY,
    customer_id    BIGINT      NOT NULL REFERENCES accounts (id),
    state          VARCHAR(16) NOT NULL,
    lang           VARCHAR(8)  NOT NULL,
    handoff_reason VARCHAR(40),
    handed_off_at  TIMESTAMP WITH TIME ZONE,
    message_count  INT         NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT support_conversations_state CHECK (state IN ('open', 'handed_off', 'closed')),
    CONSTRAINT support_conversations_lang CHECK (lang IN ('en', 'zh'))
);
CREATE INDEX support_conversations_customer ON support_conversations (customer_id, created_at);
CREATE INDEX support_conversations_queue ON support_conversations (handed_off_at, id);

-- The messages: text and meta are sealed with the conversation owner's key (see the privacy vault), bound to the
-- conversation and the message number, so erasing the person makes them unreadable. A 4000-character text seals to
-- at most 21381 characters. agent_id names the agent who wrote an agent reply (staff, not the customer).
CREATE TABLE support_messages (
    conversation_id CHAR(36)     NOT NULL REFERENCES support_conversations (id),
    seq             BIGINT       NOT NULL,
    author          VARCHAR(16)  NOT NULL,
    agent_id        BIGINT,
    body            VARCHAR(22000) NOT NULL,
    meta            VARCHAR(120000),
    written_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (conversation_id, seq),
    CONSTRAINT support_messages_author CHECK (author IN ('customer', 'assistant', 'agent'))
);
