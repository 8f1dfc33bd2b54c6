package org.trustmall.privacy.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every file and directory under a root with its bytes, to show that a failed operation changed nothing. */
record DirectorySnapshot(Map<String, String> entries) {
    static DirectorySnapshot of(Path root) {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                String name = root.relativize(p).toString();
                entries.put(name, Files.isDirectory(p) ? "<dir>" : HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DirectorySnapshot(entries);
    }

    /** Whether any file under the root contains {@code needle}. */
    static boolean anyFileContains(Path root, byte[] needle) {
        String hex = HexFormat.of().formatHex(needle);
        return of(root).entries().values().stream().anyMatch(bytes -> indexOfAligned(bytes, hex));
    }

    private static boolean indexOfAligned(String haystack, String needle) {
        for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
            if (at % 2 == 0) {
                return true;
            }
        }
        return false;
    }

    static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
