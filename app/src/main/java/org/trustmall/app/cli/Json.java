package org.trustmall.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import org.trustmall.ledger.proof.LedgerJson;

/** JSON output for commands run with {@code --json}: one pretty-printed document on stdout. */
public final class Json {
    private Json() {
    }

    public static ObjectNode object() {
        return LedgerJson.mapper().createObjectNode();
    }

    public static void print(PrintWriter out, JsonNode node) {
        out.println(LedgerJson.pretty(node));
        out.flush();
    }
}
