package org.trustmall.ai.intent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.trustmall.ai.AiException;

/**
 * Reads intent data sets from files: CLINC150's {@code data_full.json} and any CSV file with a header. Every error
 * is an {@link AiException.BadData} naming the file, the row (the line, for JSON) and the reason.
 */
public final class IntentCorpora {
    private static final List<String> CLINC_KEYS = List.of("train", "val", "test", "oos_train", "oos_val",
            "oos_test");

    private IntentCorpora() {
    }

    /**
     * CLINC150 (Larson et al., 2019): an object whose keys {@code train, val, test} hold in-scope
     * {@code [utterance, intent]} pairs and {@code oos_train, oos_val, oos_test} out-of-scope ones (whose intent,
     * {@code "oos"}, is not read). All six keys are required; other keys are ignored.
     */
    public static IntentCorpus clinc(Path file) {
        Map<String, List<IntentExample>> parts = new HashMap<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonParser p = new JsonFactory().createParser(reader)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad(file, p, "expected a JSON object with the keys " + CLINC_KEYS);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                if (!CLINC_KEYS.contains(key)) {
                    p.skipChildren();
                    continue;
                }
                parts.put(key, pairs(file, p, key));
            }
        } catch (NoSuchFileException e) {
            throw new AiException.BadData(file, 0, "no such file");
        } catch (JsonParseException e) {
            throw new AiException.BadData(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid JSON: " + e.getOriginalMessage());
        } catch (CharacterCodingException e) {
            throw new AiException.BadData(file, 0, "not UTF-8 text");
        } catch (IOException e) {
            throw new AiException.BadData(file, 0, "cannot read: " + e.getMessage());
        }
        for (String key : CLINC_KEYS) {
            if (!parts.containsKey(key)) {
                throw new AiException.BadData(file, 0, "missing key '" + key + "' (expected " + CLINC_KEYS + ")");
            }
        }
        return new IntentCorpus(parts.get("train"), texts(parts.get("oos_train")), parts.get("val"),
                texts(parts.get("oos_val")), parts.get("test"), texts(parts.get("oos_test")));
    }

    private static List<IntentExample> pairs(Path file, JsonParser p, String key) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw bad(file, p, "key '" + key + "' must hold an array of [utterance, intent] pairs");
        }
        List<IntentExample> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int item = out.size() + 1;
            String where = "item " + item + " of '" + key + "'";
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw bad(file, p, where + " is not an [utterance, intent] pair");
            }
            String text = string(file, p, where);
            String label = string(file, p, where);
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw bad(file, p, where + " has more than two elements");
            }
            if (text.isBlank() || label.isBlank()) {
                throw bad(file, p, where + " has an empty " + (text.isBlank() ? "utterance" : "intent"));
            }
            out.add(new IntentExample(text, label));
        }
        return out;
    }

    private static String string(Path file, JsonParser p, String where) throws IOException {
        if (p.nextToken() != JsonToken.VALUE_STRING) {
            throw bad(file, p, where + " is not an [utterance, intent] pair of strings");
        }
        return p.getText();
    }

    private static AiException.BadData bad(Path file, JsonParser p, String reason) {
        return new AiException.BadData(file, p.currentLocation().getLineNr(), reason);
    }

    private static List<String> texts(List<IntentExample> examples) {
        return examples.stream().map(IntentExample::text).toList();
    }

    /**
     * The rows of a CSV file (RFC 4180: comma-separated, fields in double quotes may hold commas, quotes doubled and
     * line breaks; UTF-8, an optional byte-order mark) whose header names {@code textColumn} and
     * {@code labelColumn}. Rows whose label equals {@code outOfScopeLabel} (when not null) are out of scope.
     * Blank lines are skipped; a row with a different number of fields than the header, an empty text or an empty
     * label is an error naming its row (the header is row 1).
     */
    public static Labelled csv(Path file, String textColumn, String labelColumn, String outOfScopeLabel) {
        List<IntentExample> inScope = new ArrayList<>();
        List<String> outOfScope = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            CsvRows rows = new CsvRows(file, reader);
            List<String> header = rows.next();
            if (header == null) {
                throw new AiException.BadData(file, 0, "empty file (expected a header row)");
            }
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
                header.set(0, header.get(0).substring(1));
            }
            int text = column(file, header, textColumn, "--text-col");
            int label = column(file, header, labelColumn, "--label-col");
            List<String> row;
            while ((row = rows.next()) != null) {
                long line = rows.rowStart();
                if (row.size() == 1 && row.get(0).isEmpty()) {
                    continue;
                }
                if (row.size() != header.size()) {
                    throw new AiException.BadData(file, line, "expected " + header.size() + " fields as in the "
                            + "header, found " + row.size());
                }
                String t = row.get(text).strip();
                String l = row.get(label).strip();
                if (t.isEmpty()) {
                    throw new AiException.BadData(file, line, "empty text in column '" + textColumn + "'");
                }
                if (l.isEmpty()) {
                    throw new AiException.BadData(file, line, "empty label in column '" + labelColumn + "'");
                }
                if (l.equals(outOfScopeLabel)) {
                    outOfScope.add(t);
                } else {
                    inScope.add(new IntentExample(t, l));
                }
            }
        } catch (NoSuchFileException e) {
            throw new AiException.BadData(file, 0, "no such file");
        } catch (CharacterCodingException e) {
            throw new AiException.BadData(file, 0, "not UTF-8 text");
        } catch (IOException e) {
            throw new AiException.BadData(file, 0, "cannot read: " + e.getMessage());
        }
        if (inScope.isEmpty()) {
            throw new AiException.BadData(file, 0, "no in-scope rows");
        }
        return new Labelled(inScope, outOfScope);
    }

    /** A CSV file's rows: those with a known intent, and the texts of the out-of-scope ones. */
    public record Labelled(List<IntentExample> inScope, List<String> outOfScope) {
        public Labelled {
            inScope = List.copyOf(inScope);
            outOfScope = List.copyOf(outOfScope);
        }
    }

    private static int column(Path file, List<String> header, String name, String flag) {
        int at = header.indexOf(name);
        if (at < 0) {
            throw new AiException.BadData(file, 1, "no column '" + name + "' (" + flag + ") in the header; columns: "
                    + String.join(", ", header));
        }
        if (header.lastIndexOf(name) != at) {
            throw new AiException.BadData(file, 1, "column '" + name + "' appears twice in the header");
        }
        return at;
    }

    /** Splits a CSV stream into records, counting lines so that errors can name the row where a record starts. */
    private static final class CsvRows {
        private final Path file;
        private final Reader in;
        private long line = 1;
        private long rowStart;
        private boolean done;

        CsvRows(Path file, Reader in) {
            this.file = file;
            this.in = in;
        }

        long rowStart() {
            return rowStart;
        }

        List<String> next() throws IOException {
            if (done) {
                return null;
            }
            rowStart = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            int c = in.read();
            if (c < 0) {
                done = true;
                return null;
            }
            while (true) {
                if (quoted) {
                    if (c < 0) {
                        throw new AiException.BadData(file, rowStart, "a quoted field is not closed");
                    }
                    if (c == '"') {
                        in.mark(1);
                        int n = in.read();
                        if (n == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            c = n;
                            continue;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append((char) c);
                    }
                } else if (c < 0 || c == '\n' || c == '\r') {
                    if (c == '\r') {
                        in.mark(1);
                        if (in.read() != '\n') {
                            in.reset();
                        }
                    }
                    if (c < 0) {
                        done = true;
                    } else {
                        line++;
                    }
                    fields.add(field.toString());
                    return fields;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else if (wasQuoted) {
                    throw new AiException.BadData(file, line, "text after the closing quote of field "
                            + (fields.size() + 1));
                } else {
                    field.append((char) c);
                }
                c = in.read();
            }
        }
    }
}
