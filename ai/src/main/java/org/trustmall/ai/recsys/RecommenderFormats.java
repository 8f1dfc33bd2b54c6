package org.trustmall.ai.recsys;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

    /** Writes a float matrix as rows, cols, then row-major values. */
    public static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        byte[] buf = new byte[values.length * 4];
        java.nio.ByteBuffer.wrap(buf).asFloatBuffer().put(values);
        out.write(buf);
    }

    public static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative length");
        }
        byte[] buf = in.readNBytes(Math.multiplyExact(n, 4));
        if (buf.length != n * 4) {
            throw new IOException("truncated");
        }
        float[] v = new float[n];
        java.nio.ByteBuffer.wrap(buf).asFloatBuffer().get(v);
        return v;
    }

    public static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        byte[] buf = new byte[values.length * 4];
        java.nio.ByteBuffer.wrap(buf).asIntBuffer().put(values);
        out.write(buf);
    }

    public static int[] readInts(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative length");
        }
        byte[] buf = in.readNBytes(Math.multiplyExact(n, 4));
        if (buf.length != n * 4) {
            throw new IOException("truncated");
        }
        int[] v = new int[n];
        java.nio.ByteBuffer.wrap(buf).asIntBuffer().get(v);
        return v;
    }
}
