package org.trustmall.privacy.redaction;

import java.util.List;

/** What the standard redactor finds in a text, as the strings of one entity type: the tests' common lens. */
final class Found {
    private Found() {
    }

    static List<String> of(EntityType type, String text) {
        return Redactor.standard().find(text).stream().filter(s -> s.type() == type).map(s -> s.in(text)).toList();
    }
}
