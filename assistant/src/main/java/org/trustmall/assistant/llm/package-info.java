/**
 * The optional external language model (an OpenAI-compatible endpoint, off by default): it only ever sees text that
 * went through the commerce module's external-AI gate — the person's {@code external_ai} consent, then redaction.
 */
package org.trustmall.assistant.llm;
