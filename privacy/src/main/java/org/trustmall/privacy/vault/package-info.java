/**
 * The vault: personal data encrypted with a data key per person, person keys wrapped by key-encryption keys and
 * kept in a dedicated key store whose deletion is physical, erasure by destroying a person's keys
 * (crypto-shredding), keyed commitments for the ledger, and a blind index for looking up emails.
 *
 * <p>Public face: {@link org.trustmall.privacy.vault.Vault}, {@link org.trustmall.privacy.vault.BlindIndex},
 * {@link org.trustmall.privacy.vault.KeyEncryptionKeys} (the KMS seam) with its default
 * {@link org.trustmall.privacy.vault.KeysetFileKeks}, and {@link org.trustmall.privacy.vault.VaultException}.
 */
package org.trustmall.privacy.vault;
