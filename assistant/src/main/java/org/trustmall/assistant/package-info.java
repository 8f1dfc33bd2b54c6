/**
 * The customer-service assistant: it understands a message (intent, with out-of-scope rejection), answers from the
 * platform's documents and catalogue with citations, acts through commerce services for the signed-in person only,
 * and hands the conversation to a human agent when it cannot help.
 */
package org.trustmall.assistant;
