package org.trustmall.assistant;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.trustmall.assistant.llm.LanguageModel;
import org.trustmall.assistant.llm.Prompt;

/**
 * Rewording by an external language model: the draft the assistant already decided on, the person's message and
 * the cited passages go to the model (through the consent-and-redaction gate inside {@link LanguageModel}); its
 * answer replaces the draft's wording only — the actions, citations and everything decided stay the assistant's.
 */
public final class LlmComposer implements Composer {
    private static final String EN = "You are TrustMall's customer-service assistant. Reword the draft answer for the "
            + "customer in English, briefly and politely. Use only facts from the draft and the context passages; "
            + "never invent orders, amounts, dates, policies or promises, and never say an action was done unless "
            + "the draft says so.";
    private static final String ZH = "你是 TrustMall 的客服助手。请用简体中文、简洁礼貌地改写给顾客的答复草稿。只能使用草稿和参考段落中的"
            + "事实；不得编造订单、金额、日期、政策或承诺；草稿没有说已完成的操作，不得说已完成。";

    private final LanguageModel model;

    public LlmComposer(LanguageModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public Optional<String> compose(long accountId, String lang, String question, String draft,
                                    List<String> context) {
        if (!model.enabled()) {
            return Optional.empty();
        }
        List<String> pieces = new ArrayList<>();
        pieces.add((Language.ZH.equals(lang) ? "答复草稿：" : "Draft answer: ") + draft);
        pieces.addAll(context);
        return model.answer(accountId, new Prompt(Language.ZH.equals(lang) ? ZH : EN, question, pieces));
    }
}
