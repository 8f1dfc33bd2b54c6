package org.trustmall.ai.recsys;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.trustmall.ai.AiException;
import org.trustmall.ai.recsys.content.ContentSimilarity;
import org.trustmall.ai.recsys.content.Hybrid;
import org.trustmall.ai.recsys.sasrec.SasRec;

/**
 * The artifact format of trained recommenders: a magic line, the model's name, its parameters as JSON, then the
 * model's own bytes. {@link #write} and {@link #read} are inverse: the model read back scores exactly as the one
 * written. The artifact's SHA-256 is what the model registry records.
 */
public final class RecommenderFormats {
    private static final String MAGIC = "TRUSTMALL-RECOMMENDER-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads one model family's body (after the header). */
    @FunctionalInterface
    public interface Reader {
        Recommender read(Map<String, Object> parameters, DataInputStream body) throws IOException;
    }

    private static final Map<String, Reader> READERS = new LinkedHashMap<>();

    static {
        READERS.put("pop", Popularity::read);
        READERS.put("markov", Markov::read);
        READERS.put("itemknn", ItemKnn::read);
        READERS.put("mf", MatrixFactorisation::read);
        READERS.put("sasrec", SasRec::read);
        READERS.put("content", ContentSimilarity::read);
        READERS.put("hybrid", Hybrid::read);
    }

    private RecommenderFormats() {
    }

    public static byte[] toBytes(Recommender model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(model, out);
        } catch (IOException e) {
            throw new AiException("cannot serialise " + model.name() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    public static void write(Recommender model, OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeUTF(MAGIC);
        d.writeUTF(model.name());
        d.writeUTF(JSON.writeValueAsString(new TreeMap<>(model.parameters())));
        model.write(d);
        d.flush();
    }

    public static Recommender fromBytes(byte[] artifact) {
        try {
            return read(new ByteArrayInputStream(artifact));
        } catch (IOException e) {
            throw new AiException.ArtifactRejected("not a recommender artifact: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    public static Recommender read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        if (!MAGIC.equals(d.readUTF())) {
            throw new AiException.ArtifactRejected("not a recommender artifact (bad magic)");
        }
        String name = d.readUTF();
        Map<String, Object> parameters = JSON.readValue(d.readUTF(), Map.class);
        Reader reader = READERS.get(name);
        if (reader == null) {
            throw new AiException.ArtifactRejected("unknown model family '" + name + "'");
        }
        return reader.read(parameters, d);
    }

    /** Writes a length, then the values as big-endian 32-bit floats. */
    public static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        ByteBuffer words = words(out, values.length);
        words.asFloatBuffer().put(values);
        out.write(words.array());
    }

    public static float[] readFloats(DataInputStream in) throws IOException {
        ByteBuffer words = readWords(in);
        float[] v = new float[words.capacity() / 4];
        words.asFloatBuffer().get(v);
        return v;
    }

    /** Writes a length, then the values as big-endian 32-bit integers. */
    public static void writeInts(DataOutputStream out, int[] values) throws IOException {
        ByteBuffer words = words(out, values.length);
        words.asIntBuffer().put(values);
        out.write(words.array());
    }

    public static int[] readInts(DataInputStream in) throws IOException {
        ByteBuffer words = readWords(in);
        int[] v = new int[words.capacity() / 4];
        words.asIntBuffer().get(v);
        return v;
    }

    /** Writes the count of 32-bit words to follow and returns a buffer for them. */
    private static ByteBuffer words(DataOutputStream out, int count) throws IOException {
        out.writeInt(count);
        return ByteBuffer.allocate(Math.multiplyExact(count, 4));
    }

    /** Reads a count of 32-bit words and the words, refusing a negative count or a truncated body. */
    private static ByteBuffer readWords(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative length");
        }
        byte[] buf = in.readNBytes(Math.multiplyExact(n, 4));
        if (buf.length != n * 4) {
            throw new IOException("truncated");
        }
        return ByteBuffer.wrap(buf);
    }
}
