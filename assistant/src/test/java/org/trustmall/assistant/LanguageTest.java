package org.trustmall.assistant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.trustmall.commerce.CommerceException;

class LanguageTest {

    @Test
    void chineseWithAnEnglishProductNameStaysChineseAndEnglishStaysEnglish() {
        assertEquals("zh", Language.detect("我的iPhone充电器订单1234什么时候到？"));
        assertEquals("zh", Language.detect("退货"));
        assertEquals("en", Language.detect("Where is my order 1234?"));
        assertEquals("en", Language.detect("Is the 保温杯 in stock?  I need a thermos flask for hiking trips"));
        assertEquals("en", Language.detect("1234"));
    }

    @Test
    void anAskedLanguageWinsAndAnUnknownOneNamesTheField() {
        assertEquals("zh", Language.choose("zh", "hello"));
        assertEquals("en", Language.choose(null, "hello"));
        CommerceException.InvalidInput e = assertThrows(CommerceException.InvalidInput.class,
                () -> Language.choose("fr", "bonjour"));
        assertEquals("lang", e.field());
    }

    @Test
    void confirmationsAreRecognisedInBothLanguagesAndNothingElseIs() {
        assertTrue(Texts.affirmative("Yes please"));
        assertTrue(Texts.affirmative("ok!"));
        assertTrue(Texts.affirmative("确认"));
        assertTrue(Texts.affirmative("好的，谢谢"));
        assertTrue(Texts.negative("no thanks"));
        assertTrue(Texts.negative("不用了"));
        assertFalse(Texts.affirmative("yes, but first tell me where order 12 is"));
        assertFalse(Texts.affirmative("no"));
        assertFalse(Texts.negative("是的"));
    }
}
