/**
 * Intent detection with out-of-scope rejection: sentences encoded in process (MiniLM for English, bge-small-zh for
 * Chinese), a classifier trained on labelled examples, and a rejection threshold calibrated on held-out data.
 */
package org.trustmall.ai.intent;
