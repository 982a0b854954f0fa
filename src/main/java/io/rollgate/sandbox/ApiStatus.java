package io.rollgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;

/** Answers shaped like the API server's: an object as JSON, or a failure {@code Status}. */
final class ApiStatus {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ApiStatus() {}

  /** {@code body} as a JSON answer with status {@code code}. */
  static MockResponse json(int code, JsonNode body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }

  /** One entry of {@code details.causes[]}. */
  record Cause(String reason, String message, String field) {}

  static MockResponse failure(int code, String reason, String message) {
    return failure(code, reason, message, List.of());
  }

  static MockResponse failure(int code, String reason, String message, List<Cause> causes) {
    ObjectNode status = MAPPER.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    if (!causes.isEmpty()) {
      ArrayNode array = status.putObject("details").putArray("causes");
      for (Cause c : causes) {
        array
            .addObject()
            .put("reason", c.reason())
            .put("message", c.message())
            .put("field", c.field());
      }
    }
    status.put("code", code);
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(status.toString());
  }

  static String reasonFor(int code) {
    switch (code) {
      case 400:
        return "BadRequest";
      case 404:
        return "NotFound";
      case 409:
        return "Conflict";
      case 422:
        return "Invalid";
      case 429:
        return "TooManyRequests";
      case 503:
        return "ServiceUnavailable";
      case 504:
        return "Timeout";
      default:
        return code >= 500 ? "InternalError" : "BadRequest";
    }
  }
}
