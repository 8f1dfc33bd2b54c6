package org.trustmall.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error pages (for requests refused before they reach the API: a malformed URI, an illegal header, an
 * unparseable request line) as problem+json too, so no client ever gets an HTML error from this server.
 */
public final class ProblemErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        if (code == HttpStatus.BAD_REQUEST_400) {
            // Jetty drops the connection after a request it could not make sense of; say so, so that clients do
            // not send their next request on it.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        response.write(true, ByteBuffer.wrap(body(code, message, request.getHttpURI().getPath())), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        fields.put(HttpHeader.CONNECTION, "close");
        return ByteBuffer.wrap(body(status, reason, null));
    }

    private static byte[] body(int code, String message, String path) {
        String title = HttpStatus.getMessage(code);
        ObjectNode o = Schema.JSON.createObjectNode();
        o.put("type", "https://trustmall.org/problems/" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        o.put("title", title);
        o.put("status", code);
        o.put("detail", message == null || message.isBlank() ? "the request was refused before it reached the API"
                : message);
        if (path != null) {
            o.put("instance", path);
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }
}
