package org.trustmall.privacy.redaction;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A generated bilingual evaluation set for the {@link Redactor}: English and Chinese shop sentences (orders,
 * deliveries, payments, log lines) with personal data in the shapes people write it, and look-alikes a careful
 * person would not call personal data — order and tracking numbers, 18-digit numbers with a wrong check digit,
 * card numbers that fail Luhn, mobile-length numbers with no mobile prefix, timestamps, prices, ISBNs, version
 * strings, invalid IP addresses, brand and place names. Every personal value is marked with its exact span.
 *
 * <p>Deterministic: the same seed gives the same sentences on every JVM ({@link Random} is specified bit for bit).
 * Truth is decided by the definitions (check digits, Luhn, issuer prefixes), never by asking the recognisers.
 */
public final class RedactionCorpus {
    public static final long DEFAULT_SEED = 20261129L;
    public static final int DEFAULT_SENTENCES = 2000;

    private static final Pattern SLOT = Pattern.compile("\\{([a-z_0-9]+)}");

    private static final List<String> EN_TEMPLATES = List.of(
            "Please contact {en_title_name} at {email} about order {order_no}.",
            "My phone number is {phone}, not {bad_mobile}.",
            "The card {card} was charged {price} on {datetime}.",
            "Card {bad_card} was declined, so the customer paid with {card} instead.",
            "Login from {ip} at {datetime}, app version {version}.",
            "Request from {ip} was rejected; {bad_ip} is not a valid address.",
            "Ship to {en_addr} (tracking {tracking}).",
            "Dear {en_dear}, your refund of {price} for order {order_no} is on its way.",
            "My name is {en_full} and my ID number is {id}.",
            "Hi, this is {en_given}; call me on {phone} after {time}.",
            "ISBN {isbn} costs {price} and SKU {sku} is out of stock.",
            "Reference {bad_id} does not match our records.",
            "{en_full} placed order {order_no} and paid with card {card}.",
            "Forward the invoice to {email} and copy {email}.",
            "Timestamp {epoch} corresponds to {datetime} in the audit log.",
            "Customer Service replies within 24 hours; our hotline {hotline} is free.",
            "Your parcel {tracking} left the Shanghai hub at {time}.",
            "Visit our New York store or the Apple Watch counter on Black Friday.",
            "Server {ip} reported error {order_alnum} at {time}.",
            "The IPv6 client {ipv6} retried {small} times before {datetime}.",
            "Cardholder: {en_full}, card {card}, expires 08/29.",
            "Order {order_no} shipped to {en_addr} on {date}.",
            "Order {order_no} is {small} days late; please write to {email}.",
            "Please call {en_title_name} on {phone} or {phone}.",
            "The user with ID {id} changed their email to {email}.",
            "Payment of {price} failed for card ending {last4}; card {bad_card} is invalid.",
            "Member {member_no} earned {small} points for order {order_alnum}.",
            "Build {version} fixes the crash on {bad_ip} lookups.",
            "Tell {en_given} that the package for {en_addr} arrived.",
            "Regards, {en_full}",
            // Hard cases, kept so the figures stay honest: a gift-card serial that may pass Luhn with a card prefix
            // (redacted on purpose, see BankCardRecogniser), a name from outside the lists without a cue, a brand
            // that looks like a name, a street type the recogniser does not know.
            "Gift card serial {serial} was activated for order {order_no}.",
            "{en_uncued} left a five-star review yesterday.",
            "We stock {brand} gift sets.",
            "Deliver to {en_loop_addr} before noon.");

    private static final List<String> ZH_TEMPLATES = List.of(
            "收件人：{zh_name}，电话：{phone}，地址：{zh_addr}",
            "我叫{zh_name}，身份证号{id}，手机号{phone}。",
            "订单号{order_no}已发货，快递单号{tracking}。",
            "您尾号{last4}的银行卡{card}已扣款{price_zh}。",
            "银行卡号{bad_card}校验失败，请重新输入。",
            "身份证号{bad_id}格式不正确，请核对。",
            "请联系{zh_suffix}，邮箱：{email}。",
            "登录IP：{ip}，时间：{datetime}。",
            "版本号{version}已发布，请勿访问{bad_ip}。",
            "寄到{zh_addr}，联系人{zh_name}。",
            "我住在{zh_addr}附近。",
            "客户{zh_name}的手机是{phone}，座机是{landline}。",
            "持卡人{zh_name}，卡号{card}，有效期08/29。",
            "时间戳{epoch}，价格{price_zh}，型号{sku}。",
            "乘坐地铁{small}号线到王府井站，在{small}号门集合。",
            "联系人{zh_name}的邮箱是{email_ascii}，请尽快回复。",
            "李宁运动鞋在高铁站有售，马上购买！",
            "ISBN {isbn}，售价{price_zh}。",
            "服务器{ipv6}响应超时，已重试{small}次。",
            "请拨打客服热线{hotline}或者{phone}咨询。",
            "订单{order_alnum}的收货地址是{zh_addr}。",
            "新手机号{phone}，旧号码{bad_mobile}已停用。",
            "{zh_suffix}的身份证{id}已通过验证。",
            "转账到卡号{card}，金额{price_zh}，流水号{order_no}。",
            "会员编号{member_no}，积分{small}分，订单{order_no}。",
            "快递员说{zh_suffix}不在家，包裹放在{small}号柜。",
            "账号{email_ascii}于{datetime}从{ip}登录。",
            "请把发票寄到{zh_addr}，谢谢！",
            "礼品卡序列号{serial}已激活。",
            "{zh_name}昨天下单了三件衬衫。",
            "寄到{zh_numeral_addr}。");

    private final Random random;
    private final Map<String, Function<Random, Fill>> slots = Map.ofEntries(
            Map.entry("email", RedactionCorpus::email),
            Map.entry("email_ascii", RedactionCorpus::asciiEmail),
            Map.entry("phone", RedactionCorpus::phone),
            Map.entry("landline", r -> Fill.pii(EntityType.PHONE, landline(r))),
            Map.entry("id", r -> Fill.pii(EntityType.ID_CARD, formatId(r, residentId(r)))),
            Map.entry("card", r -> Fill.pii(EntityType.BANK_CARD, formatCard(r, cardNumber(r)))),
            Map.entry("ip", r -> Fill.pii(EntityType.IP, r.nextInt(5) == 0 ? ipv6(r) : ipv4(r))),
            Map.entry("ipv6", r -> Fill.pii(EntityType.IP, ipv6(r))),
            Map.entry("en_title_name", RedactionCorpus::englishTitleName),
            Map.entry("en_full", r -> Fill.pii(EntityType.NAME, pick(r, GIVEN) + " " + pick(r, SURNAMES_EN))),
            Map.entry("en_given", r -> Fill.pii(EntityType.NAME, pick(r, GIVEN))),
            Map.entry("en_dear", RedactionCorpus::englishDear),
            Map.entry("en_addr", r -> Fill.pii(EntityType.ADDRESS, englishAddress(r))),
            Map.entry("zh_name", r -> Fill.pii(EntityType.NAME, chineseName(r))),
            Map.entry("zh_suffix", RedactionCorpus::chineseNameWithTitle),
            Map.entry("zh_addr", r -> Fill.pii(EntityType.ADDRESS, chineseAddress(r))),
            Map.entry("order_no", r -> Fill.plain(orderNumber(r))),
            Map.entry("order_alnum", r -> Fill.plain(alphanumericOrder(r))),
            Map.entry("bad_card", r -> Fill.plain(formatCard(r, badCard(r)))),
            Map.entry("bad_id", r -> Fill.plain(badId(r))),
            Map.entry("bad_mobile", r -> Fill.plain(badMobile(r))),
            Map.entry("bad_ip", r -> Fill.plain(badIp(r))),
            Map.entry("tracking", r -> Fill.plain(tracking(r))),
            Map.entry("datetime", r -> Fill.plain(date(r) + " " + time(r))),
            Map.entry("date", r -> Fill.plain(date(r))),
            Map.entry("time", r -> Fill.plain(time(r))),
            Map.entry("epoch", r -> Fill.plain(epoch(r))),
            Map.entry("price", r -> Fill.plain(price(r))),
            Map.entry("price_zh", r -> Fill.plain(chinesePrice(r))),
            Map.entry("version", r -> Fill.plain(version(r))),
            Map.entry("isbn", r -> Fill.plain(isbn(r))),
            Map.entry("sku", r -> Fill.plain(sku(r))),
            Map.entry("hotline", r -> Fill.plain(pick(r, HOTLINES))),
            Map.entry("member_no", r -> Fill.plain(digits(r, 1, "8") + digits(r, 9))),
            Map.entry("brand", r -> Fill.plain(pick(r, BRANDS))),
            Map.entry("serial", r -> Fill.plain(formatCard(r, digits(r, 1, "123456789") + digits(r, 15)))),
            Map.entry("en_uncued", r -> Fill.pii(EntityType.NAME, pick(r, RARE_GIVEN) + " " + pick(r, SURNAMES_EN))),
            Map.entry("en_loop_addr", r -> Fill.pii(EntityType.ADDRESS, (1 + r.nextInt(99)) + " Infinite Loop, Cupertino")),
            Map.entry("zh_numeral_addr", r -> Fill.pii(EntityType.ADDRESS,
                    pick(r, List.of("人民路", "解放路", "中山路")) + pick(r, List.of("十二", "三十五", "一百零八")) + "号")),
            Map.entry("last4", r -> Fill.plain(digits(r, 4))),
            Map.entry("small", r -> Fill.plain(Integer.toString(2 + r.nextInt(18)))));

    private RedactionCorpus(long seed) {
        this.random = new Random(seed);
    }

    /** {@code sentences} sentences, half English and half Chinese in random order, from this seed. */
    public static List<LabelledText> generate(long seed, int sentences) {
        if (sentences < 1) {
            throw new IllegalArgumentException("the corpus needs at least one sentence, got " + sentences);
        }
        RedactionCorpus c = new RedactionCorpus(seed);
        List<LabelledText> out = new ArrayList<>(sentences);
        for (int i = 0; i < sentences; i++) {
            boolean english = c.random.nextBoolean();
            out.add(c.fill(english ? "en" : "zh", pick(c.random, english ? EN_TEMPLATES : ZH_TEMPLATES)));
        }
        return List.copyOf(out);
    }

    private LabelledText fill(String language, String template) {
        StringBuilder text = new StringBuilder();
        List<Span> gold = new ArrayList<>();
        Matcher m = SLOT.matcher(template);
        int at = 0;
        while (m.find()) {
            text.append(template, at, m.start());
            Function<Random, Fill> slot = slots.get(m.group(1));
            if (slot == null) {
                throw new IllegalStateException("template slot {" + m.group(1) + "} has no generator");
            }
            Fill f = slot.apply(random);
            int base = text.length();
            text.append(f.text());
            for (Span s : f.spans()) {
                gold.add(new Span(s.type(), base + s.start(), base + s.end()));
            }
            at = m.end();
        }
        text.append(template, at, template.length());
        return new LabelledText(language, text.toString(), gold);
    }

    /** A slot's text and the personal data in it, relative to the slot. */
    private record Fill(String text, List<Span> spans) {
        static Fill pii(EntityType type, String text) {
            return new Fill(text, List.of(new Span(type, 0, text.length())));
        }

        static Fill plain(String text) {
            return new Fill(text, List.of());
        }

        /** {@code prefix} + {@code value}, where only the value is personal data ("Mr " + "Smith"). */
        static Fill after(String prefix, EntityType type, String value) {
            return new Fill(prefix + value, List.of(new Span(type, prefix.length(), prefix.length() + value.length())));
        }
    }

    // ---- personal data ------------------------------------------------------------------------------------------

    private static final List<String> PINYIN = List.of("zhang", "wang", "li", "liu", "chen", "yang", "huang", "zhao",
            "wu", "zhou", "xu", "sun", "ma", "zhu", "hu", "guo", "lin", "he", "gao", "luo");
    private static final List<String> PINYIN_GIVEN = List.of("wei", "fang", "na", "min", "jing", "lei", "jun", "yang",
            "yong", "yan", "jie", "tao", "ming", "chao", "xiaoming", "hui", "li", "qiang", "ping", "hua");
    private static final List<String> DOMAINS = List.of("example.com", "mail.example.org", "qq.com", "163.com",
            "126.com", "gmail.com", "outlook.com", "sina.com.cn", "company.com.cn", "shop.example.co.uk",
            "trustmall.cn", "edu.example.edu");

    private static Fill email(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> Fill.pii(EntityType.EMAIL, chineseName(r) + "@" + pick(r, List.of("例子.中国", "邮件.公司")));
            case 1 -> Fill.pii(EntityType.EMAIL, pick(r, List.of("josé.garcía", "zoë.müller", "андрей", "françois"))
                    + "@" + pick(r, List.of("correo.es", "example.de", "почта.рф", "exemple.fr")));
            default -> asciiEmail(r);
        };
    }

    private static Fill asciiEmail(Random r) {
        String family = pick(r, PINYIN);
        String given = pick(r, PINYIN_GIVEN);
        String en = pick(r, GIVEN).toLowerCase(java.util.Locale.ROOT);
        String local = switch (r.nextInt(8)) {
            case 0 -> given + "." + family;
            case 1 -> family + given + (10 + r.nextInt(90));
            case 2 -> en.charAt(0) + "." + pick(r, SURNAMES_EN).toLowerCase(java.util.Locale.ROOT).replace("'", "");
            case 3 -> en + "_" + family;
            case 4 -> en + "." + family + "+" + pick(r, List.of("shop", "orders", "tm"));
            case 5 -> mobile(r);
            case 6 -> family + "-" + given;
            default -> digits(r, 1, "123456789") + digits(r, 4 + r.nextInt(5));
        };
        return Fill.pii(EntityType.EMAIL, local + "@" + pick(r, DOMAINS));
    }

    private static final List<String> MOBILE_PREFIXES = List.of("130", "131", "132", "133", "135", "136", "137",
            "138", "139", "145", "147", "150", "151", "152", "155", "156", "157", "158", "159", "166", "170", "173",
            "176", "177", "178", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199");

    private static String mobile(Random r) {
        return pick(r, MOBILE_PREFIXES) + digits(r, 8);
    }

    private static Fill phone(Random r) {
        String m = mobile(r);
        String grouped = m.substring(0, 3) + "%s" + m.substring(3, 7) + "%s" + m.substring(7);
        String number = switch (r.nextInt(16)) {
            case 0, 1, 2, 3, 4 -> m;
            case 5 -> grouped.formatted("-", "-");
            case 6 -> grouped.formatted(" ", " ");
            case 7 -> "+86 " + m;
            case 8 -> "+86-" + grouped.formatted("-", "-");
            case 9 -> "+86" + m;
            case 10 -> "0086 " + m;
            case 11 -> "(+86) " + grouped.formatted(" ", " ");
            case 12 -> landline(r);
            case 13 -> northAmerican(r);
            default -> international(r);
        };
        return Fill.pii(EntityType.PHONE, number);
    }

    private static String landline(Random r) {
        String area = pick(r, List.of("010", "021", "020", "022", "023", "025", "027", "028", "029", "0755", "0571",
                "0512", "0532", "0731"));
        String local = digits(r, 1, "2345678") + digits(r, area.length() == 3 ? 7 : 6 + r.nextInt(2));
        return switch (r.nextInt(4)) {
            case 0 -> area + "-" + local;
            case 1 -> "(" + area + ") " + local;
            case 2 -> "+86 " + area.substring(1) + " " + local;
            default -> area + local;
        };
    }

    private static String northAmerican(Random r) {
        String area = digits(r, 1, "23456789") + digits(r, 2);
        String exchange = digits(r, 1, "23456789") + digits(r, 2);
        String line = digits(r, 4);
        return switch (r.nextInt(4)) {
            case 0 -> "(" + area + ") " + exchange + "-" + line;
            case 1 -> area + "-" + exchange + "-" + line;
            case 2 -> "+1 " + area + " " + exchange + " " + line;
            default -> "+1-" + area + "-" + exchange + "-" + line;
        };
    }

    private static String international(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "+44 20 " + digits(r, 4) + " " + digits(r, 4);
            case 1 -> "+44 7" + digits(r, 3) + " " + digits(r, 6);
            case 2 -> "+49 30 " + digits(r, 8);
            default -> "+81 3-" + digits(r, 4) + "-" + digits(r, 4);
        };
    }

    private static final List<String> REGIONS = List.of("110101", "110105", "310104", "310115", "440305", "440106",
            "510107", "330106", "320102", "420106", "610113", "650102", "370202", "500103", "210102", "350203",
            "430104", "530102", "620102", "450103");

    private static String residentId(Random r) {
        LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(r.nextInt(69 * 365));
        String first17 = pick(r, REGIONS) + birth.toString().replace("-", "") + digits(r, 3);
        return first17 + ResidentIds.checkDigit(first17);
    }

    private static String formatId(Random r, String id) {
        int k = r.nextInt(10);
        if (k == 0) {
            return id.substring(0, 6) + " " + id.substring(6, 14) + " " + id.substring(14);
        }
        if (k == 1 && id.endsWith("X")) {
            return id.substring(0, 17) + "x";
        }
        return id;
    }

    private static String cardNumber(Random r) {
        while (true) {
            String[] network = pick(r, NETWORKS);
            String prefix = network[0];
            int length = Integer.parseInt(network[1]);
            String payload = prefix + digits(r, length - 1 - prefix.length());
            String card = payload + Luhn.checkDigit(payload);
            if (BankCardRecogniser.isCard(card)) {
                return card;
            }
        }
    }

    /** Issuer prefixes and lengths: Visa, Mastercard (both ranges), UnionPay 16 and 19, Amex, Discover, JCB. */
    private static final List<String[]> NETWORKS = List.of(new String[] {"4", "16"}, new String[] {"4", "16"},
            new String[] {"51", "16"}, new String[] {"55", "16"}, new String[] {"2221", "16"},
            new String[] {"2720", "16"}, new String[] {"622202", "16"}, new String[] {"621700", "19"},
            new String[] {"622848", "19"}, new String[] {"6228", "16"}, new String[] {"34", "15"},
            new String[] {"37", "15"}, new String[] {"6011", "16"}, new String[] {"3528", "16"});

    private static String formatCard(Random r, String card) {
        int style = r.nextInt(20);
        if (style < 10) {
            return card;
        }
        String sep = style < 17 ? " " : "-";
        if (card.length() == 15) {
            return card.substring(0, 4) + sep + card.substring(4, 10) + sep + card.substring(10);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < card.length(); i += 4) {
            if (i > 0) {
                b.append(sep);
            }
            b.append(card, i, Math.min(i + 4, card.length()));
        }
        return b.toString();
    }

    private static String ipv4(Random r) {
        int first = pick(r, List.of(10, 172, 192, 8, 58, 101, 114, 120, 183, 203, 223, 1 + r.nextInt(223)));
        return first + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    private static String ipv6(Random r) {
        String h1 = Integer.toHexString(r.nextInt(0x10000));
        String h2 = Integer.toHexString(r.nextInt(0x10000));
        String h3 = Integer.toHexString(1 + r.nextInt(0xffff));
        return switch (r.nextInt(4)) {
            case 0 -> "2001:db8:" + h1 + "::" + h3;
            case 1 -> "fe80::" + h1 + ":" + h2 + ":" + "1ff:" + h3;
            case 2 -> "2408:8207:" + h1 + ":" + h2 + ":0:0:" + h3 + ":1";
            default -> "2001:0db8:85a3:0000:0000:8a2e:0370:" + String.format("%04x", r.nextInt(0x10000));
        };
    }

    private static final List<String> GIVEN = List.of("James", "Olivia", "Emily", "Michael", "Sarah", "David",
            "Emma", "Daniel", "Sophia", "Thomas", "Hannah", "George", "Lucy", "Peter", "Rachel", "Kevin", "Alice",
            "Samuel", "Laura", "Oliver", "Chloe", "Ryan", "Megan", "Wei", "Ming");
    /** Brands named after people: not personal data, though some read like a name to the recogniser. */
    private static final List<String> BRANDS = List.of("Jack Daniels", "Michael Kors", "Laura Ashley", "Paul Smith",
            "Calvin Klein", "Ralph Lauren", "Tommy Hilfiger", "Kate Spade");
    /** Given names the recogniser's list lacks: names written without a cue are then missed. */
    private static final List<String> RARE_GIVEN = List.of("Siobhan", "Tariq", "Ngozi", "Anneliese", "Xochitl",
            "Bronwyn", "Oluwaseun", "Thandiwe");
    private static final List<String> SURNAMES_EN = List.of("Smith", "Johnson", "Williams", "Brown", "Jones",
            "Garcia", "Miller", "Davis", "Wilson", "Taylor", "Anderson", "Moore", "Jackson", "Martin", "Thompson",
            "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Wright", "Chen", "Wang", "Zhang", "Li", "Liu",
            "O'Brien", "McDonald", "Smith-Jones", "Nguyen", "Patel", "Kowalski", "Schmidt");

    private static Fill englishTitleName(Random r) {
        String title = pick(r, List.of("Mr ", "Mr. ", "Mrs ", "Ms ", "Ms. ", "Dr ", "Dr. ", "Prof. "));
        String name = r.nextBoolean() ? pick(r, SURNAMES_EN) : pick(r, GIVEN) + " " + pick(r, SURNAMES_EN);
        return Fill.after(title, EntityType.NAME, name);
    }

    private static Fill englishDear(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> Fill.pii(EntityType.NAME, pick(r, GIVEN));
            case 1 -> Fill.pii(EntityType.NAME, pick(r, GIVEN) + " " + pick(r, SURNAMES_EN));
            default -> Fill.after(pick(r, List.of("Mr ", "Ms ", "Dr ")), EntityType.NAME, pick(r, SURNAMES_EN));
        };
    }

    private static final List<String> STREETS = List.of("Baker", "Oak", "Maple", "Elm", "Main", "High", "Church",
            "Station", "Mill", "Cedar", "Pine", "Lake", "Sunset", "Amphitheatre", "Evergreen", "Wallaby", "Harbour",
            "Chestnut", "Willow", "Orchard", "Market", "Bridge");
    private static final List<String> STREET_TYPES = List.of("Street", "St", "Road", "Rd", "Avenue", "Ave", "Lane",
            "Way", "Terrace", "Close", "Parkway", "Boulevard", "Drive", "Court");

    private static String englishAddress(Random r) {
        StringBuilder b = new StringBuilder();
        b.append(1 + r.nextInt(r.nextBoolean() ? 99 : 2999));
        if (r.nextInt(8) == 0) {
            b.append((char) ('A' + r.nextInt(4)));
        }
        b.append(' ').append(pick(r, STREETS));
        if (r.nextInt(4) == 0) {
            b.append(' ').append(pick(r, List.of("Hill", "Park", "Green", "View")));
        }
        b.append(' ').append(pick(r, STREET_TYPES));
        if (r.nextInt(5) == 0) {
            b.append(", ").append(pick(r, List.of("Apt", "Suite", "Flat", "Unit"))).append(' ')
                    .append(1 + r.nextInt(40)).append(r.nextBoolean() ? "" : "B");
        }
        switch (r.nextInt(4)) {
            case 0 -> b.append(", ").append(pick(r, List.of("London", "Manchester", "Sydney", "Toronto", "Boston",
                    "Seattle", "Singapore")));
            case 1 -> b.append(", ").append(pick(r, List.of("Springfield, IL 62704", "Mountain View, CA 94043",
                    "Austin, TX 78701", "Portland, OR 97205", "Brooklyn, NY 11201")));
            default -> {
            }
        }
        return b.toString();
    }

    private static final String SURNAME_CHARS = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董袁潘蒋蔡杜叶程苏魏吕";
    private static final List<String> DOUBLE_SURNAMES = List.of("欧阳", "司马", "诸葛", "上官", "东方");
    /** Characters common in given names that are neither surnames nor words that end a name. */
    private static final String GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红辉鹏飞建国志海燕萍婷雪琳晨宇浩子梓欣怡佳俊凯思雨";

    private static String chineseName(Random r) {
        String surname = r.nextInt(12) == 0 ? pick(r, DOUBLE_SURNAMES)
                : String.valueOf(SURNAME_CHARS.charAt(r.nextInt(SURNAME_CHARS.length())));
        StringBuilder b = new StringBuilder(surname);
        int given = r.nextInt(3) == 0 ? 1 : 2;
        for (int i = 0; i < given; i++) {
            b.append(GIVEN_CHARS.charAt(r.nextInt(GIVEN_CHARS.length())));
        }
        return b.toString();
    }

    private static Fill chineseNameWithTitle(Random r) {
        String title = pick(r, List.of("先生", "女士", "小姐"));
        String name = r.nextBoolean() ? String.valueOf(SURNAME_CHARS.charAt(r.nextInt(SURNAME_CHARS.length())))
                : chineseName(r);
        return new Fill(name + title, List.of(new Span(EntityType.NAME, 0, name.length())));
    }

    /** City (with province where it has one), districts and streets. */
    private static final List<String[]> CITIES_ZH = List.of(
            new String[] {"北京市", "朝阳区,海淀区,东城区,西城区", "建国路,中关村大街,长安街,学院路,望京东路"},
            new String[] {"上海市", "浦东新区,徐汇区,静安区,黄浦区", "世纪大道,淮海中路,南京西路,张江路,漕溪北路"},
            new String[] {"广东省深圳市", "南山区,福田区,宝安区", "科技园路,深南大道,华强北路,新安六路"},
            new String[] {"广东省广州市", "天河区,越秀区", "天河路,环市东路,中山五路"},
            new String[] {"浙江省杭州市", "西湖区,余杭区,滨江区", "文三路,文一西路,江南大道"},
            new String[] {"四川省成都市", "武侯区,锦江区,高新区", "人民南路,天府大道,科华北路"},
            new String[] {"江苏省南京市", "鼓楼区,玄武区", "中山北路,北京东路,汉中路"},
            new String[] {"湖北省武汉市", "洪山区,江汉区", "珞喻路,解放大道,光谷大道"});

    private static String chineseAddress(Random r) {
        String[] city = pick(r, CITIES_ZH);
        StringBuilder b = new StringBuilder();
        int form = r.nextInt(6);
        if (form == 0) {
            b.append(city[0].contains("省") ? city[0].substring(city[0].indexOf('省') + 1) : city[0]);
        } else if (form != 1) {
            b.append(city[0]);
        }
        b.append(pick(r, List.of(city[1].split(","))));
        b.append(pick(r, List.of(city[2].split(","))));
        b.append(1 + r.nextInt(r.nextBoolean() ? 99 : 999)).append('号');
        switch (r.nextInt(5)) {
            case 0 -> b.append(1 + r.nextInt(30)).append("栋").append(101 + r.nextInt(20) + 100 * r.nextInt(25))
                    .append("室");
            case 1 -> b.append(pick(r, List.of("阳光花园", "翠苑小区", "国贸大厦", "锦绣公寓"))).append(1 + r.nextInt(12))
                    .append("号楼").append(1 + r.nextInt(6)).append("单元").append(101 + r.nextInt(30) * 100)
                    .append("室");
            case 2 -> b.append(101 + r.nextInt(2000)).append("室");
            default -> {
            }
        }
        return b.toString();
    }

    // ---- look-alikes ----------------------------------------------------------------------------------------------

    /** An 18-digit order number that starts with its date, the common shape in Chinese shops: no region, no card. */
    private static String orderNumber(Random r) {
        LocalDate d = LocalDate.of(2025, 1, 1).plusDays(r.nextInt(700));
        String n = d.toString().replace("-", "") + digits(r, 10);
        if (ResidentIds.isValid(n) || BankCardRecogniser.isCard(n)) {
            throw new IllegalStateException("generated order number " + n + " is personal data");
        }
        return n;
    }

    private static String alphanumericOrder(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> "ORD-" + date(r).replace("-", "") + "-" + digits(r, 6);
            case 1 -> "TM" + digits(r, 13);
            default -> "E" + digits(r, 4) + "-" + digits(r, 4);
        };
    }

    /** A card number with a wrong check digit: mistyped, so no card. */
    private static String badCard(Random r) {
        String good = cardNumber(r);
        char last = good.charAt(good.length() - 1);
        char wrong = (char) ('0' + (last - '0' + 1 + r.nextInt(9)) % 10);
        return good.substring(0, good.length() - 1) + wrong;
    }

    /** An ID number with a wrong check digit or an impossible birth date. */
    private static String badId(Random r) {
        String good = residentId(r);
        if (r.nextBoolean()) {
            String first17 = good.substring(0, 10) + "13" + good.substring(12, 17);
            return first17 + ResidentIds.checkDigit(first17);
        }
        String check = "0123456789X";
        char wrong;
        do {
            wrong = check.charAt(r.nextInt(check.length()));
        } while (wrong == good.charAt(17));
        return good.substring(0, 17) + wrong;
    }

    /** Eleven digits that no mobile number starts with (10, 11, 12), or ten digits. */
    private static String badMobile(Random r) {
        return r.nextBoolean() ? "1" + digits(r, 1, "012") + digits(r, 9) : pick(r, MOBILE_PREFIXES) + digits(r, 7);
    }

    private static String badIp(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> (256 + r.nextInt(700)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
            case 1 -> "192.168." + r.nextInt(256) + "." + (256 + r.nextInt(100));
            default -> "10.0." + (10000 + r.nextInt(20000)) + "." + r.nextInt(5000);
        };
    }

    private static String tracking(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "SF" + digits(r, 12);
            case 1 -> "YT" + digits(r, 13);
            case 2 -> "JD00" + digits(r, 11);
            default -> "1Z999AA1" + digits(r, 10);
        };
    }

    private static String date(Random r) {
        return LocalDate.of(2025, 1, 1).plusDays(r.nextInt(700)).toString();
    }

    private static String time(Random r) {
        return "%02d:%02d:%02d".formatted(r.nextInt(24), r.nextInt(60), r.nextInt(60));
    }

    private static String epoch(Random r) {
        long seconds = 1_735_689_600L + r.nextInt(60_000_000);
        return r.nextBoolean() ? Long.toString(seconds) : seconds + digits(r, 3);
    }

    private static String price(Random r) {
        int amount = 1 + r.nextInt(20_000);
        return pick(r, List.of("$", "¥", "€", "RMB ")) + "%,d.%02d".formatted(amount, r.nextInt(100));
    }

    private static String chinesePrice(Random r) {
        return (1 + r.nextInt(20_000)) + "." + digits(r, 2) + "元";
    }

    private static String version(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> "v" + (1 + r.nextInt(5)) + "." + r.nextInt(20) + "." + r.nextInt(30);
            case 1 -> "10.0." + (19000 + r.nextInt(7000)) + "." + (1000 + r.nextInt(5000));
            default -> (1 + r.nextInt(9)) + "." + r.nextInt(10) + "." + r.nextInt(10) + "-beta";
        };
    }

    private static String isbn(Random r) {
        String body = "9787" + digits(r, 8);
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (body.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        String full = body + (10 - sum % 10) % 10;
        return r.nextBoolean() ? full
                : full.substring(0, 3) + "-" + full.charAt(3) + "-" + full.substring(4, 7) + "-" + full.substring(7, 12)
                        + "-" + full.charAt(12);
    }

    private static String sku(Random r) {
        return r.nextBoolean() ? "SKU-" + digits(r, 4) + "-" + digits(r, 4)
                : "A" + digits(r, 1) + "B" + digits(r, 1) + "-C" + digits(r, 1) + "D" + digits(r, 1);
    }

    private static final List<String> HOTLINES = List.of("10086", "10010", "95588", "95533", "12306", "12315");

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static <T> T pick(Random r, List<T> items) {
        return items.get(r.nextInt(items.size()));
    }

    private static String digits(Random r, int n) {
        return digits(r, n, "0123456789");
    }

    private static String digits(Random r, int n, String alphabet) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
