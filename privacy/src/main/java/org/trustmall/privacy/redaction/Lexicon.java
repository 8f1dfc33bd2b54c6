package org.trustmall.privacy.redaction;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The word lists behind the best-effort recognisers of names and addresses (and the corpus that tests them). They
 * are short on purpose: a name or address recogniser here relies on cues ("Mr", "我叫", "路…号"), and the lists only
 * decide what may follow a cue or pair up without one.
 */
final class Lexicon {
    private Lexicon() {
    }

    /** Common Chinese surnames (the first hundred or so of the usual frequency lists), one character each. */
    static final Set<Character> SURNAMES = chars(
            "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范"
                    + "金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢");

    /** Two-character surnames, checked before the one-character ones. */
    static final Set<String> DOUBLE_SURNAMES = Set.of("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容",
            "尉迟", "公孙", "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "西门", "南宫");

    /**
     * Characters that end a Chinese name rather than continue it: particles, pronouns and verbs that follow a name in
     * running text ("张伟的", "王芳在", "李明说").
     */
    static final Set<Character> ZH_STOP_CHARS = chars("的是在和与及跟同我你他她您们请收寄已要想说把被将会也都就还买用让从给住电手地邮身号"
            + "卡账订来到去上下了吗呢吧啊呀，。、；：！？（）");

    /** Words that end a Chinese name when they follow it ("张伟电话…", "李明先生"). */
    static final Set<String> ZH_STOP_WORDS = Set.of("电话", "手机", "地址", "邮箱", "身份", "先生", "女士", "小姐", "联系",
            "今天", "明天", "昨天", "今年", "订单", "号码", "卡号", "账号", "老师", "同学", "经理", "师傅");

    /** Common English given names, without those that are also everyday words, months or places (May, Will, Grace…). */
    static final Set<String> GIVEN_NAMES = Set.of(
            "James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas", "Charles",
            "Christopher", "Daniel", "Matthew", "Anthony", "Donald", "Steven", "Paul", "Andrew", "Joshua", "Kenneth",
            "Kevin", "Brian", "George", "Timothy", "Ronald", "Edward", "Jason", "Jeffrey", "Ryan", "Jacob", "Gary",
            "Nicholas", "Eric", "Jonathan", "Stephen", "Larry", "Justin", "Scott", "Brandon", "Benjamin", "Samuel",
            "Gregory", "Alexander", "Patrick", "Jack", "Dennis", "Jerry", "Tyler", "Aaron", "Jose", "Adam", "Nathan",
            "Henry", "Zachary", "Douglas", "Peter", "Kyle", "Noah", "Ethan", "Jeremy", "Walter", "Christian", "Keith",
            "Roger", "Terry", "Sean", "Gerald", "Carl", "Harold", "Dylan", "Arthur", "Lawrence", "Jesse", "Bryan",
            "Bruce", "Gabriel", "Joe", "Logan", "Alan", "Juan", "Albert", "Elijah", "Wayne", "Randy", "Vincent",
            "Liam", "Oliver", "Lucas", "Mason", "Harry", "Oscar", "Leo", "Mary", "Patricia", "Jennifer", "Linda",
            "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen", "Lisa", "Nancy", "Betty", "Sandra",
            "Margaret", "Ashley", "Kimberly", "Emily", "Donna", "Michelle", "Carol", "Amanda", "Melissa", "Deborah",
            "Stephanie", "Rebecca", "Sharon", "Laura", "Cynthia", "Dorothy", "Amy", "Kathleen", "Angela", "Shirley",
            "Emma", "Brenda", "Pamela", "Nicole", "Anna", "Samantha", "Katherine", "Christine", "Rachel", "Carolyn",
            "Janet", "Maria", "Olivia", "Heather", "Helen", "Catherine", "Diane", "Julie", "Joyce", "Lauren", "Kelly",
            "Christina", "Ruth", "Joan", "Judith", "Evelyn", "Hannah", "Andrea", "Megan", "Cheryl", "Jacqueline",
            "Teresa", "Abigail", "Sophia", "Martha", "Sara", "Gloria", "Janice", "Kathryn", "Isabella", "Julia",
            "Amelia", "Alice", "Sophie", "Chloe", "Lily", "Ella", "Mia", "Zoe", "Lucy", "Ava", "Wei", "Fang", "Ming",
            "Xiaoming", "Jun", "Hui", "Yan", "Priya", "Rahul", "Ahmed", "Fatima", "Yuki", "Hiroshi", "Carlos",
            "Sofia", "Lucia", "Mateo", "Hans", "Pierre", "Marie", "Ivan", "Olga");

    /** Titles that put a name right after them. */
    static final Set<String> TITLES = Set.of("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof");

    /**
     * Capitalised words that are not (part of) a person's name even after a cue or a given name: function words,
     * greetings, days, months, roles and the words of places and organisations.
     */
    static final Set<String> NOT_NAMES = Set.of(
            "I", "The", "A", "An", "And", "Or", "But", "If", "So", "Is", "Are", "Was", "Were", "Be", "Will", "Would",
            "Can", "Could", "Should", "May", "Might", "Must", "Shall", "Do", "Does", "Did", "Has", "Have", "Had",
            "Please", "Thanks", "Thank", "Hi", "Hello", "Hey", "Dear", "We", "He", "She", "They", "It", "You", "This",
            "That", "These", "Those", "There", "Here", "On", "In", "At", "From", "To", "For", "Of", "With", "By",
            "About", "As", "Your", "My", "Our", "Their", "His", "Her", "Its", "Who", "What", "When", "Where", "Why",
            "How", "Not", "No", "Yes", "All", "Any", "Some", "Every", "Each", "Also", "Just", "Then", "Now", "Today",
            "Tomorrow", "Yesterday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
            "January", "February", "March", "April", "June", "July", "August", "September", "October", "November",
            "December", "Customer", "Customers", "Sir", "Madam", "Team", "Support", "Service", "Services", "Order",
            "Orders", "Card", "Phone", "Email", "Address", "Account", "Manager", "Department", "Inc", "Ltd", "Co",
            "Company", "Store", "Shop", "Mall", "Bank", "Airport", "University", "Hospital", "Hotel", "Park", "City",
            "County", "Street", "Road", "Avenue", "Lane", "Drive", "Way", "Court", "Place", "User", "Users", "Friend",
            "Friends", "Colleague", "Colleagues", "Valued", "Member", "Members", "Seller", "Buyer", "Merchant",
            "Admin", "Administrator", "Agent", "Assistant", "Delivery", "Refund", "Return", "Payment", "Invoice",
            "Tracking", "Number", "Regards", "Best", "Kind", "Sincerely", "Cheers", "Welcome", "Happy",
            "New", "Old", "Good", "Great", "Big", "Small", "North", "South", "East", "West", "Central", "Apple",
            "Watch", "Pro", "Max", "President", "Chairman", "Officer", "Director", "Doctor", "Plus", "Mini", "Air", "Edition", "Version", "Update", "Release", "Group");

    /** Provinces, autonomous regions and the larger cities, by the short names addresses start with. */
    static final Set<String> PLACES = Set.of("北京", "天津", "上海", "重庆", "河北", "山西", "内蒙古", "辽宁", "吉林",
            "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "四川",
            "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "台湾", "香港", "澳门", "深圳", "广州", "杭州",
            "南京", "苏州", "成都", "武汉", "西安", "长沙", "郑州", "青岛", "厦门", "宁波", "大连", "沈阳", "济南", "合肥",
            "福州", "昆明", "南宁", "哈尔滨", "长春", "石家庄", "太原", "南昌", "贵阳", "兰州", "无锡", "东莞", "佛山",
            "珠海", "温州", "绍兴", "常州", "烟台", "洛阳", "三亚");

    /** English city names that may follow a street address after a comma. */
    static final Set<String> CITIES = Set.of("London", "Manchester", "Birmingham", "Edinburgh", "Glasgow", "Leeds",
            "Liverpool", "Bristol", "Oxford", "Cambridge", "Dublin", "New York", "Los Angeles", "San Francisco",
            "Chicago", "Boston", "Seattle", "Austin", "Denver", "Miami", "Atlanta", "Houston", "Dallas", "Portland",
            "Springfield", "Mountain View", "Palo Alto", "Cupertino", "Toronto", "Vancouver", "Montreal", "Sydney",
            "Melbourne", "Brisbane", "Perth", "Auckland", "Singapore", "Hong Kong", "Shanghai", "Beijing", "Shenzhen");

    private static Set<Character> chars(String s) {
        return s.chars().mapToObj(c -> (char) c).collect(Collectors.toUnmodifiableSet());
    }
}
