package org.trustmall.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.trustmall.ledger.Check;

/**
 * Runs transparency-dev/merkle's RFC 9162 proof-verification vectors (shared/vectors/rfc9162-merkle, see the README
 * there), one case per file: the verifier must accept exactly the files that do not want an error.
 */
class Rfc9162VectorsTest {
    private static final int VECTOR_FILES = 196;
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path vectorsDir() {
        return Path.of(System.getProperty("trustmall.shared.dir", "../shared"))
                .resolve("vectors/rfc9162-merkle")
                .toAbsolutePath()
                .normalize();
    }

    static Stream<Arguments> vectorFiles() throws IOException {
        List<Path> files = findVectorFiles();
        return files.stream().map(file -> Arguments.of(vectorsDir().relativize(file).toString(), file));
    }

    private static List<Path> findVectorFiles() throws IOException {
        Path dir = vectorsDir();
        Assumptions.assumeTrue(Files.isDirectory(dir),
                "RFC 9162 vectors not found at " + dir + " (set -Dtrustmall.shared.dir to the shared folder)");
        List<Path> files = new ArrayList<>();
        for (String kind : List.of("inclusion", "consistency")) {
            try (Stream<Path> walk = Files.walk(dir.resolve(kind))) {
                walk.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void theSharedFolderHoldsAllOneHundredNinetySixVectors() throws IOException {
        assertEquals(VECTOR_FILES, findVectorFiles().size(), "vector files under " + vectorsDir());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorFiles")
    void verifierAcceptsExactlyTheVectorsThatWantNoError(String name, Path file) throws IOException {
        JsonNode v = JSON.readTree(file.toFile());
        boolean wantErr = v.get("wantErr").asBoolean();
        List<byte[]> proof = hashes(v.get("proof"));
        Check check = name.startsWith("inclusion")
                ? MerkleVerifier.verifyInclusion(unsigned(v, "leafIdx"), unsigned(v, "treeSize"),
                        bytes(v, "leafHash"), proof, bytes(v, "root"))
                : MerkleVerifier.verifyConsistency(unsigned(v, "size1"), unsigned(v, "size2"), proof,
                        bytes(v, "root1"), bytes(v, "root2"));
        assertEquals(!wantErr, check.ok(), () -> "\"" + v.get("desc").asText() + "\": verifier said " + check.reason());
    }

    /** Sizes in the vectors go up to 2^64 - 1, beyond a signed long: parse the number's digits as unsigned. */
    private static long unsigned(JsonNode vector, String field) {
        return Long.parseUnsignedLong(vector.get(field).bigIntegerValue().toString());
    }

    private static byte[] bytes(JsonNode vector, String field) {
        return Base64.getDecoder().decode(vector.get(field).asText());
    }

    /** A null proof is an empty one. */
    private static List<byte[]> hashes(JsonNode proof) {
        List<byte[]> result = new ArrayList<>();
        if (proof != null && !proof.isNull()) {
            proof.forEach(h -> result.add(Base64.getDecoder().decode(h.asText())));
        }
        return result;
    }
}
