package org.trustmall.privacy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailRecogniserTest {

    @ParameterizedTest(name = "{0} holds {1}")
    @CsvSource(delimiter = '|', value = {
            "write to zhang.wei+shop@example.com today|zhang.wei+shop@example.com",
            "li_na88@163.com|li_na88@163.com",
            "mail <bob@mail.example.co.uk>.|bob@mail.example.co.uk",
            "Reply to j.smith@example.org.|j.smith@example.org",
            "我的邮箱是zhang@example.com谢谢|zhang@example.com",
            "邮箱：张伟@例子.中国。|张伟@例子.中国",
            "josé.garcía@correo.es escribió|josé.garcía@correo.es",
            "почта андрей@почта.рф|андрей@почта.рф",
            "13812345678@qq.com|13812345678@qq.com",
            "mailto:ops@trustmall.cn?subject=x|ops@trustmall.cn",
    })
    void findsTheAddressAndOnlyTheAddress(String text, String email) {
        assertEquals(List.of(email), Found.of(EntityType.EMAIL, text));
    }

    @ParameterizedTest(name = "no email in {0}")
    @ValueSource(strings = {"follow @trustmall", "bob@localhost", "a@b.c", "name@123.456", "john..doe@example.com",
            "tom.@example.com", "user@-example.com", "version@2.0", "价格@100元", "@@@", "a@", "@example.com"})
    void findsNoEmailInLookAlikes(String text) {
        assertEquals(List.of(), Found.of(EntityType.EMAIL, text));
    }

    @Test
    void aPhoneNumberAsLocalPartIsPartOfTheEmailNotAPhone() {
        String text = "contact 13812345678@qq.com";
        assertEquals(List.of("13812345678@qq.com"), Found.of(EntityType.EMAIL, text));
        assertEquals(List.of(), Found.of(EntityType.PHONE, text));
    }
}
