/**
 * Fraud risk at checkout: the features of an order attempt computed from an abstract view of history
 * ({@link org.trustmall.ai.risk.RiskHistory}, in memory for training, over SQL at checkout, one code path in
 * {@link org.trustmall.ai.risk.RiskFeatures}), a seeded generator of labelled orders with documented fraud patterns
 * ({@code SCENARIOS.md} beside this package's classes), and the models that score them
 * ({@link org.trustmall.ai.risk.RiskModel}: XGBoost gradient-boosted trees and a logistic-regression baseline),
 * each an artifact whose SHA-256 can be registered and re-executed by a validator.
 */
package org.trustmall.ai.risk;
