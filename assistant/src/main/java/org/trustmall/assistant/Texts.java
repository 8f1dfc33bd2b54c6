package org.trustmall.assistant;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderState;

/** The assistant's own wording, in English and Chinese. Keys are phrases; {@code %s} placeholders as in format. */
final class Texts {
    private static final Map<String, String[]> PHRASES = Map.ofEntries(
            e("greeting", "Hello! I can check an order or its delivery, start a return, cancel an order that has not "
                    + "shipped, answer questions about our policies and products, or put you through to a colleague.",
                    "您好！我可以帮您查询订单和物流、申请退货、取消尚未发货的订单、解答政策和商品问题，或为您转接人工客服。"),
            e("thanks", "You're welcome! Anything else I can do for you?", "不客气！还有什么可以帮您的吗？"),
            e("no_orders", "I can't see any orders on your account yet.", "您的账户下还没有订单。"),
            e("not_found", "I couldn't find order %s on your account. Please check the number.",
                    "在您的账户下没有找到订单 %s，请核对订单号。"),
            e("order", "Order %s is %s: %s, total %s, placed %s.", "订单 %s 当前状态：%s；%s，合计 %s，下单日期 %s。"),
            e("orders_intro", "Your most recent orders:", "您最近的订单："),
            e("ledger", "Every step is recorded on the ledger (%s transactions); you can verify each one.",
                    "每一步都记录在账本上（共 %s 笔交易），您可以逐一验证。"),
            e("no_shipment", "Order %s has not shipped yet (it is %s).", "订单 %s 尚未发货（当前状态：%s）。"),
            e("shipment", "Order %s was sent with %s, tracking number %s. Latest event: %s%s on %s.",
                    "订单 %s 由 %s 承运，运单号 %s。最新动态：%s%s，时间 %s。"),
            e("shipment_no_events", "Order %s was sent with %s, tracking number %s; no carrier events yet.",
                    "订单 %s 由 %s 承运，运单号 %s，暂无物流动态。"),
            e("which_order", "Which order do you mean? Please give me its number, e.g. \"order 1234\".",
                    "请问是哪个订单？请告诉我订单号，例如“订单1234”。"),
            e("confirm_cancel", "Order %s (%s) can be cancelled%s. Shall I cancel it? Reply yes or no.",
                    "订单 %s（%s）可以取消%s。确认取消吗？请回复“是”或“否”。"),
            e("refund_note", " and the payment will be refunded from escrow", "，已付款项将从托管中退回"),
            e("cancelled", "Done: order %s is now %s.", "已完成：订单 %s 当前状态为%s。"),
            e("cannot_cancel", "Order %s can't be cancelled now: it is %s. Orders can be cancelled only before they "
                    + "ship; after delivery you can ask for a return.",
                    "订单 %s 目前无法取消：状态为%s。订单只能在发货前取消；收货后可以申请退货。"),
            e("confirm_return", "I can start a return of everything in order %s (%s). Shall I? Reply yes or no.",
                    "我可以为订单 %s（%s）的全部商品申请退货。确认申请吗？请回复“是”或“否”。"),
            e("returned", "Return %s is requested for order %s; the merchant will approve or refuse it, and you will "
                    + "be refunded once the goods arrive back.",
                    "已为订单 %2$s 提交退货申请（编号 %1$s）；商家审核后，商品寄回即可退款。"),
            e("not_returnable", "Order %s can't be returned now: it is %s. A return can be asked for once the order "
                    + "is delivered.", "订单 %s 目前无法退货：状态为%s。订单送达后才能申请退货。"),
            e("cannot_return", "I can't start a return for order %s: %s", "无法为订单 %s 申请退货：%s"),
            e("declined", "All right, I haven't changed anything.", "好的，我没有做任何更改。"),
            e("export", "Your data export is ready: %s orders, %s reviews, %s consents and %s access-log entries. "
                    + "Download it, signed in, from %s.",
                    "您的数据导出已准备好：%s 个订单、%s 条评价、%s 项同意记录、%s 条访问日志。请登录后从 %s 下载。"),
            e("consents", "Your consents: %s. You can change each one in your account settings.",
                    "您的授权：%s。您可以在账户设置中逐项修改。"),
            e("erasure", "You can erase your account yourself: it needs your password again, so I can't do it for "
                    + "you. Use \"Erase my account\" in your privacy settings (POST /api/v1/me/erasure).",
                    "您可以自行注销账户：出于安全需要再次输入密码，因此我无法代办。请在隐私设置中选择“删除我的账户”"
                            + "（POST /api/v1/me/erasure）。"),
            e("handoff", "I've passed our conversation to a colleague; an agent will reply here.",
                    "已为您转接人工客服，客服人员会在这里回复您。"),
            e("complaint", "I'm sorry about this. I've passed our conversation to a colleague, who will look into it "
                    + "and reply here.", "非常抱歉给您带来不便。已为您转接人工客服，客服人员会跟进并在这里回复您。"),
            e("waiting", "Your conversation is with our team; an agent will reply here.",
                    "您的对话已转交人工客服，客服人员会在这里回复您。"),
            e("out_of_scope", "Sorry, that's not something I can help with. I can help with orders, deliveries, "
                    + "returns, payments, products and your privacy — or say \"agent\" to talk to a person.",
                    "抱歉，这个问题我无法解答。我可以帮您处理订单、物流、退货、支付、商品和隐私相关的问题；"
                            + "如需人工服务，请回复“人工”。"),
            e("out_of_scope_handoff", "I still can't help with that, so I've passed our conversation to a "
                    + "colleague; an agent will reply here.", "这个问题我仍然无法解答，已为您转接人工客服，客服人员会在这里回复您。"),
            e("products", "These products may match:", "以下商品可能符合您的需求："),
            e("no_products", "I couldn't find a product matching that in the catalogue.", "没有在商品目录中找到相符的商品。"),
            e("no_answer", "I don't have a written answer to that. Would you like me to put you through to a colleague?",
                    "这个问题暂时没有现成的解答。需要为您转接人工客服吗？"),
            e("payment_order", "Order %s is %s.", "订单 %s 当前状态：%s。"),
            e("address_order", "Order %s has not shipped yet, so I can cancel it for you to order again with the right "
                    + "address, or put you through to a colleague.",
                    "订单 %s 尚未发货，我可以为您取消订单后用正确地址重新下单，或为您转接人工客服。"),
            e("refused_role", "That isn't something I can do for your account.", "您的账户无法进行此操作。"),
            e("failed", "Something went wrong on our side; nothing was changed. I've passed our conversation to a "
                    + "colleague.", "系统出现问题，没有做任何更改。已为您转接人工客服。"));

    private static final Map<OrderState, String[]> STATES = Map.of(
            OrderState.CREATED, new String[] {"awaiting payment", "待付款"},
            OrderState.PAID, new String[] {"paid and waiting to ship", "已付款，待发货"},
            OrderState.SHIPPED, new String[] {"shipped", "已发货"},
            OrderState.DELIVERED, new String[] {"delivered", "已送达"},
            OrderState.COMPLETED, new String[] {"completed", "已完成"},
            OrderState.CANCELLED, new String[] {"cancelled", "已取消"},
            OrderState.REFUNDED, new String[] {"refunded", "已退款"},
            OrderState.DISPUTED, new String[] {"in dispute", "争议处理中"});

    private Texts() {
    }

    private static Map.Entry<String, String[]> e(String key, String en, String zh) {
        return Map.entry(key, new String[] {en, zh});
    }

    static String get(String lang, String key, Object... args) {
        String[] p = PHRASES.get(key);
        if (p == null) {
            throw new IllegalArgumentException("no phrase " + key);
        }
        String pattern = Language.ZH.equals(lang) ? p[1] : p[0];
        return args.length == 0 ? pattern : String.format(Locale.ROOT, pattern, args);
    }

    static String state(String lang, OrderState state) {
        return STATES.get(state)[Language.ZH.equals(lang) ? 1 : 0];
    }

    static String money(Money m) {
        int digits = 2;
        try {
            digits = Math.max(0, Currency.getInstance(m.currency()).getDefaultFractionDigits());
        } catch (IllegalArgumentException unknownCurrency) {
            // keep two decimals
        }
        return BigDecimal.valueOf(m.minor(), digits).toPlainString() + " " + m.currency();
    }

    static boolean affirmative(String text) {
        String t = reply(text);
        return t.matches("(yes|y|yeah|yep|sure|ok|okay|confirm|please do|go ahead|do it)( please| thanks)?")
                || t.matches("(是|是的|好|好的|确认|确定|可以|行|对)(的|吧|呀|啊)?( ?谢谢)?");
    }

    /** A short reply as compared: lower case, punctuation (Latin and Chinese) and spaces folded to one space. */
    private static String reply(String text) {
        return text.strip().toLowerCase(Locale.ROOT).replaceAll("[\\p{Punct}。！，？、\\s]+", " ").strip();
    }

    static boolean negative(String text) {
        String t = reply(text);
        return t.matches("(no|n|nope|cancel that|don't|do not|never mind|stop)( thanks| thank you)?")
                || t.matches("(不|否|不用|不要|算了|取消吧|不是)(了|吧)?( ?谢谢)?");
    }
}
