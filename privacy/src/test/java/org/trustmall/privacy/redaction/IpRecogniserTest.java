package org.trustmall.privacy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRecogniserTest {

    @ParameterizedTest(name = "{0} holds {1}")
    @CsvSource(delimiter = '|', value = {
            "login from 192.168.1.10 at noon|192.168.1.10",
            "dns 8.8.8.8.|8.8.8.8",
            "登录IP：10.0.0.1，时间|10.0.0.1",
            "from 255.255.255.0|255.255.255.0",
            "v6 2001:db8::1 answered|2001:db8::1",
            "link fe80::1ff:fe23:4567:890a.|fe80::1ff:fe23:4567:890a",
            "full 2001:0db8:85a3:0000:0000:8a2e:0370:7334|2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            "mapped ::ffff:192.168.1.1|::ffff:192.168.1.1",
            "url http://[2001:db8::7]:8080/|2001:db8::7",
            "服务器2408:8207:1:2:0:0:3:1响应超时|2408:8207:1:2:0:0:3:1",
    })
    void findsIpv4AndIpv6Addresses(String text, String ip) {
        assertEquals(List.of(ip), Found.of(EntityType.IP, text));
    }

    @ParameterizedTest(name = "no IP in {0}")
    @ValueSource(strings = {"999.1.1.1", "256.1.1.1", "192.168.1.256", "1.2.3.4.5", "10.0.19045.3693", "v1.2.3",
            "192.168.01.1", "at 12:30:45", "mac 00:1A:2B:3C:4D:5E", "std::vector", "add::face", "1::2::3",
            "2001:db8:0:0:0:0:0:0:1", "price 1.299.00"})
    void findsNoIpInLookAlikes(String text) {
        assertEquals(List.of(), Found.of(EntityType.IP, text));
    }
}
