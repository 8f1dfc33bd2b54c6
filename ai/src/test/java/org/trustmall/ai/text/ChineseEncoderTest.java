package org.trustmall.ai.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChineseEncoderTest {

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void bgeSmallZhPlacesParaphrasesCloserThanUnrelatedSentences() {
        TextEmbedder zh = Encoders.bgeSmallZh();
        assertEquals(EncoderModel.BGE_SMALL_ZH_V15_Q, zh.name());
        assertEquals(512, zh.dimension());
        float[][] v = zh.embed(List.of("我的订单到哪里了？", "请帮我查一下包裹的物流状态", "今天天气怎么样"));
        assertEquals(1.0, dot(v[0], v[0]), 1e-3, "vectors are unit length");
        assertTrue(dot(v[0], v[1]) > dot(v[0], v[2]),
                "order tracking paraphrases: " + dot(v[0], v[1]) + " vs weather " + dot(v[0], v[2]));
    }
}
