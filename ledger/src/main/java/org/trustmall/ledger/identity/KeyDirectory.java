package org.trustmall.ledger.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.crypto.KeyFiles;
import org.trustmall.ledger.crypto.SigningKey;

/**
 * A node's private keys on disk ({@code <data dir>/keys}, mode 0700): its organisation's key as
 * {@code <organisation>.key} (0600) with {@code <organisation>.pub} beside it, and signing-role keys as
 * {@code roles/<role>.key}. Kept apart from the ledger directory so that copying a ledger to a verifier never
 * copies a secret.
 */
public record KeyDirectory(Path dir) {

    /** This node's organisation and key. */
    public record OrganisationKey(Organisation organisation, SigningKey key) {
    }

    /** Creates a new organisation key; refuses if one already exists. */
    public OrganisationKey createOrganisation(String name) {
        if (!organisationFiles().isEmpty()) {
            throw new LedgerException(dir + " already holds an organisation key");
        }
        SigningKey key = SigningKey.generate();
        Organisation org = new Organisation(name, key.publicKey());
        KeyFiles.writePrivate(dir.resolve(name + ".key"), key);
        KeyFiles.writePublic(dir.resolve(name + ".pub"), key.publicKey());
        return new OrganisationKey(org, key);
    }

    /** Loads the organisation key; there must be exactly one. */
    public OrganisationKey organisation() {
        List<Path> keys = organisationFiles();
        if (keys.isEmpty()) {
            throw new LedgerException("no organisation key in " + dir + "; create a ledger with "
                    + "'trustmall ledger init'");
        }
        if (keys.size() > 1) {
            throw new LedgerException(dir + " holds several organisation keys " + keys + "; a node has one");
        }
        Path file = keys.get(0);
        String name = file.getFileName().toString().replaceFirst("\\.key$", "");
        SigningKey key = KeyFiles.readPrivate(file);
        return new OrganisationKey(new Organisation(name, key.publicKey()), key);
    }

    /** Loads the key of a signing role, creating it (0600) on first use. */
    public SigningKey role(String role) {
        if (!role.matches("[a-z][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("invalid role name: " + role);
        }
        Path file = dir.resolve("roles").resolve(role + ".key");
        if (Files.exists(file)) {
            return KeyFiles.readPrivate(file);
        }
        SigningKey key = SigningKey.generate();
        KeyFiles.writePrivate(file, key);
        return key;
    }

    public boolean hasRole(String role) {
        return Files.exists(dir.resolve("roles").resolve(role + ".key"));
    }

    private List<Path> organisationFiles() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".key")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
