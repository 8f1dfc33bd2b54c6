package org.trustmall.app.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.trustmall.commerce.catalogue.CatalogueService;
import org.trustmall.commerce.money.Money;

/**
 * Generates the demo marketplace's products: bilingual (English and Chinese) names and descriptions built from
 * per-category vocabularies, with variants, prices and stock. Seeded, so every fresh demo has the same catalogue.
 */
final class DemoCatalogue {

    private record Noun(String en, String zh, long basePrice) {
    }

    private record Kind(String category, String[][] adjectives, Noun[] nouns, String[][] options) {
    }

    private static final Kind[] KINDS = {
        new Kind("electronics", new String[][] {{"Wireless", "无线"}, {"Portable", "便携"}, {"Smart", "智能"},
                {"Noise-Cancelling", "降噪"}, {"Fast-Charging", "快充"}, {"Waterproof", "防水"}},
                new Noun[] {new Noun("Bluetooth Headphones", "蓝牙耳机", 29_900), new Noun("Speaker", "音箱", 19_900),
                    new Noun("Power Bank", "充电宝", 12_900), new Noun("Smart Watch", "智能手表", 89_900),
                    new Noun("Keyboard", "键盘", 24_900), new Noun("Webcam", "摄像头", 15_900)},
                new String[][] {{"Black", "黑色"}, {"White", "白色"}, {"Blue", "蓝色"}}),
        new Kind("home", new String[][] {{"Ceramic", "陶瓷"}, {"Bamboo", "竹制"}, {"Minimalist", "简约"},
                {"Handmade", "手工"}, {"Nordic", "北欧风"}},
                new Noun[] {new Noun("Tea Set", "茶具套装", 16_800), new Noun("Table Lamp", "台灯", 12_900),
                    new Noun("Storage Box", "收纳盒", 4_900), new Noun("Cushion", "靠垫", 5_900),
                    new Noun("Vase", "花瓶", 8_900)},
                new String[][] {{"Small", "小号"}, {"Large", "大号"}}),
        new Kind("books", new String[][] {{"Illustrated", "图解"}, {"Classic", "经典"}, {"Beginner's", "入门"},
                {"Complete", "全集"}},
                new Noun[] {new Noun("Chinese Cooking", "中国菜谱", 6_800), new Noun("World History", "世界历史", 9_800),
                    new Noun("Python Programming", "Python编程", 8_900), new Noun("Poetry Collection", "诗集", 4_500)},
                new String[][] {{"Paperback", "平装"}, {"Hardcover", "精装"}}),
        new Kind("clothing", new String[][] {{"Cotton", "纯棉"}, {"Linen", "亚麻"}, {"Warm", "保暖"},
                {"Lightweight", "轻薄"}},
                new Noun[] {new Noun("T-Shirt", "T恤", 7_900), new Noun("Down Jacket", "羽绒服", 59_900),
                    new Noun("Running Shoes", "跑步鞋", 39_900), new Noun("Scarf", "围巾", 9_900)},
                new String[][] {{"S", "S码"}, {"M", "M码"}, {"L", "L码"}}),
        new Kind("beauty", new String[][] {{"Hydrating", "保湿"}, {"Gentle", "温和"}, {"Organic", "有机"}},
                new Noun[] {new Noun("Face Cream", "面霜", 19_900), new Noun("Cleanser", "洁面乳", 8_900),
                    new Noun("Sunscreen", "防晒霜", 12_900)},
                new String[][] {{"50ml", "50毫升"}, {"100ml", "100毫升"}}),
        new Kind("food", new String[][] {{"Premium", "特级"}, {"Organic", "有机"}, {"Spicy", "麻辣"},
                {"Traditional", "传统"}},
                new Noun[] {new Noun("Green Tea", "绿茶", 6_800), new Noun("Dried Mango", "芒果干", 2_900),
                    new Noun("Sichuan Peppercorn", "花椒", 1_900), new Noun("Mooncake Gift Box", "月饼礼盒", 19_800)},
                new String[][] {{"250g", "250克"}, {"500g", "500克"}}),
        new Kind("sports", new String[][] {{"Professional", "专业"}, {"Foldable", "可折叠"}, {"Anti-Slip", "防滑"}},
                new Noun[] {new Noun("Yoga Mat", "瑜伽垫", 8_900), new Noun("Badminton Racket", "羽毛球拍", 15_900),
                    new Noun("Camping Tent", "露营帐篷", 39_900)},
                new String[][] {{"Green", "绿色"}, {"Grey", "灰色"}}),
        new Kind("toys", new String[][] {{"Educational", "益智"}, {"Wooden", "木制"}, {"Remote-Control", "遥控"}},
                new Noun[] {new Noun("Building Blocks", "积木", 12_900), new Noun("Puzzle", "拼图", 4_900),
                    new Noun("Toy Car", "玩具车", 9_900)},
                new String[][] {{"Standard", "标准版"}, {"Deluxe", "豪华版"}}),
        new Kind("health", new String[][] {{"Digital", "电子"}, {"Ergonomic", "人体工学"}},
                new Noun[] {new Noun("Thermometer", "体温计", 5_900), new Noun("Massage Pillow", "按摩枕", 19_900),
                    new Noun("Blood Pressure Monitor", "血压计", 29_900)},
                new String[][] {{"Standard", "标准款"}}),
        new Kind("office", new String[][] {{"Ergonomic", "人体工学"}, {"Refillable", "可替换芯"}, {"Compact", "小巧"}},
                new Noun[] {new Noun("Office Chair", "办公椅", 69_900), new Noun("Fountain Pen", "钢笔", 12_900),
                    new Noun("Notebook", "笔记本", 1_900), new Noun("Desk Organizer", "桌面收纳架", 4_900)},
                new String[][] {{"Black", "黑色"}, {"Brown", "棕色"}}),
    };

    private DemoCatalogue() {
    }

    /** The index of product {@code i}'s noun within its kind (kind = i mod 10): the demo shoppers' missions use it. */
    static int nounIndex(int i) {
        Random r = new Random(1_000_003L * i + 17);
        Kind kind = KINDS[i % KINDS.length];
        r.nextInt(kind.adjectives.length);
        return r.nextInt(kind.nouns.length);
    }

    /** Product {@code i} of the generated catalogue (stable for a given i). */
    static CatalogueService.ProductInput product(int i, String skuPrefix) {
        Random r = new Random(1_000_003L * i + 17);
        Kind kind = KINDS[i % KINDS.length];
        String[] adj = kind.adjectives[r.nextInt(kind.adjectives.length)];
        Noun noun = kind.nouns[r.nextInt(kind.nouns.length)];
        String series = Integer.toString(100 + i);
        String title = adj[0] + " " + noun.en + " " + series + " " + adj[1] + noun.zh;
        String description = "A " + adj[0].toLowerCase(java.util.Locale.ROOT) + " " + noun.en.toLowerCase(
                java.util.Locale.ROOT) + " from the TrustMall demo catalogue, series " + series + ". "
                + adj[1] + noun.zh + "，演示商品，系列" + series + "，品质可靠，支持七天无理由退货。";
        List<CatalogueService.VariantInput> variants = new ArrayList<>();
        int count = 1 + r.nextInt(Math.min(3, kind.options.length));
        long price = Math.max(100, noun.basePrice + (r.nextInt(41) - 20) * noun.basePrice / 100);
        for (int v = 0; v < count; v++) {
            String[] option = kind.options[v];
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("option", option[0]);
            attrs.put("option_zh", option[1]);
            variants.add(new CatalogueService.VariantInput(skuPrefix + "-" + i + "-" + (v + 1),
                    Money.of(price / 10 * 10 + v * 500L, "CNY"), 5 + r.nextInt(200), attrs));
        }
        return new CatalogueService.ProductInput(title, description, kind.category, variants);
    }
}
