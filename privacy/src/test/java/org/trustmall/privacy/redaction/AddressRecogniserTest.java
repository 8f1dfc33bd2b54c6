package org.trustmall.privacy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRecogniserTest {

    @ParameterizedTest(name = "{0} holds {1}")
    @CsvSource(delimiter = '|', value = {
            "地址：北京市朝阳区建国路88号3栋502室|北京市朝阳区建国路88号3栋502室",
            "寄到上海市浦东新区世纪大道100号，谢谢|上海市浦东新区世纪大道100号",
            "请尽快把这个包裹寄到上海市徐汇区漕溪北路5号|上海市徐汇区漕溪北路5号",
            "我住在朝阳区建国路88号附近的超市旁边|朝阳区建国路88号",
            "收货地址是广东省深圳市南山区科技园路12号阳光花园3栋502室。|广东省深圳市南山区科技园路12号阳光花园3栋502室",
            "寄到鼓楼区北京东路7号|鼓楼区北京东路7号",
            "I live at 221B Baker Street.|221B Baker Street",
            "HQ: 1600 Amphitheatre Parkway, Mountain View, CA 94043 (US)|1600 Amphitheatre Parkway, Mountain View, CA 94043",
            "ship to 10 Downing St, London today|10 Downing St, London",
            "ship to 742 Evergreen Terrace, Springfield|742 Evergreen Terrace, Springfield",
            "ship to 12 Oak Park Road, Apt 4B now|12 Oak Park Road, Apt 4B",
            "send it to 12 Oak Road, Alice will sign|12 Oak Road",
    })
    void findsChineseAndEnglishAddresses(String text, String address) {
        assertEquals(List.of(address), Found.of(EntityType.ADDRESS, text));
    }

    @ParameterizedTest(name = "no address in {0}")
    @ValueSource(strings = {"乘坐地铁5号线到王府井站", "在3号门集合", "广东省深圳市南山区", "我们去超市买了路由器", "朝阳区建国路",
            "Windows 11 Pro", "Route 66", "I bought 3 Apple Watch straps", "Platform 9 at King's Cross",
            "buy 2 Main items"})
    void findsNoAddressWithoutAStreetAndANumber(String text) {
        assertEquals(List.of(), Found.of(EntityType.ADDRESS, text));
    }
}
