package org.trustmall.privacy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NameRecogniserTest {

    @ParameterizedTest(name = "{0} holds {1}")
    @CsvSource(delimiter = '|', value = {
            "Please ask Mr Smith.|Smith",
            "Dr. Emily Chen will call.|Emily Chen",
            "Dear Mr O'Brien, thanks|O'Brien",
            "Dear Sarah, your order|Sarah",
            "Hello, my name is Olivia Brown and|Olivia Brown",
            "Name: Xochitl Ramos|Xochitl Ramos",
            "Regards, James McDonald|James McDonald",
            "Emily Smith-Jones placed an order|Emily Smith-Jones",
            "please call Rachel tomorrow|Rachel",
            "Cardholder: Tariq Aziz|Tariq Aziz",
    })
    void findsEnglishNamesAfterCuesAndCommonGivenNamePairs(String text, String name) {
        assertEquals(List.of(name), Found.of(EntityType.NAME, text));
    }

    @ParameterizedTest(name = "{0} holds {1}")
    @CsvSource(delimiter = '|', value = {
            "我叫王小明，今年二十岁|王小明",
            "收件人：张伟，电话：13812345678|张伟",
            "联系人李娜的邮箱是x@y.com|李娜",
            "姓名：诸葛亮|诸葛亮",
            "请联系王先生|王",
            "请联系张伟先生|张伟",
            "转告李思雨女士|李思雨",
            "欧阳娜娜小姐已签收|欧阳娜娜",
            "持卡人刘洋，卡号|刘洋",
    })
    void findsChineseNamesAfterCuesAndBeforeFormsOfAddress(String text, String name) {
        assertEquals(List.of(name), Found.of(EntityType.NAME, text));
    }

    @ParameterizedTest(name = "no name in {0}")
    @ValueSource(strings = {"Dear Customer, your order", "Dear Mr President", "Visit our New York store",
            "the Apple Watch counter", "Customer Service replies", "Black Friday sale", "I am Happy",
            "李宁运动鞋在高铁站有售", "马上购买", "这位先生请留步", "各位女士们", "客服热线10086", "姓名和电话必填"})
    void findsNoNameWithoutACue(String text) {
        assertEquals(List.of(), Found.of(EntityType.NAME, text));
    }

    @Test
    void theTitleOrCueIsNeverPartOfTheName() {
        List<Span> spans = Redactor.standard().find("Dear Mr Smith, Ms. Jones and 收件人王芳");
        assertEquals(List.of("Smith", "Jones", "王芳"), spans.stream().map(s -> s.in("Dear Mr Smith, Ms. Jones and 收件人王芳")).toList());
    }

    @Test
    void theCorpusGivenNameCharactersAreNeitherSurnamesNorStopCharacters() {
        // The suffix rule (张伟先生) reads backwards and stops at the first surname; a given-name character that is
        // also a surname would cut the name short.
        String givenChars = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红辉鹏飞建国志海燕萍婷雪琳晨宇浩子梓欣怡佳俊凯思雨";
        for (char c : givenChars.toCharArray()) {
            assertTrue(!Lexicon.SURNAMES.contains(c) && !Lexicon.ZH_STOP_CHARS.contains(c), String.valueOf(c));
        }
    }
}
