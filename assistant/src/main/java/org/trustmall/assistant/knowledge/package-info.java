/**
 * Retrieval for the assistant: the platform's bilingual policy and FAQ documents and the catalogue, found by
 * semantic search over sentence embeddings combined with keyword search; every answer cites the passage it used.
 */
package org.trustmall.assistant.knowledge;
