package io.rollgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.Optional;

/**
 * Plain writes (POST, PUT, merge PATCH, DELETE) carrying {@code dryRun=All}: answered with what the
 * server would hold, nothing stored. fabric8's mock would store them.
 */
final class DryRun {
  private final ApplyingCrudDispatcher store;
  private final ObjectMapper mapper;

  DryRun(ApplyingCrudDispatcher store, ObjectMapper mapper) {
    this.store = store;
    this.mapper = mapper;
  }

  MockResponse handle(String method, RequestTarget target, RecordedRequest request) {
    Optional<JsonNode> current =
        "POST".equals(method) ? Optional.empty() : store.stored(target.path());
    if (!"POST".equals(method) && current.isEmpty()) {
      return ApiStatus.failure(404, "NotFound", target.lastSegment() + " not found");
    }
    switch (method) {
      case "DELETE":
        return ApiStatus.json(200, current.get());
      case "POST":
      case "PUT":
        return body(request)
            .map(b -> ApiStatus.json("POST".equals(method) ? 201 : 200, b))
            .orElseGet(DryRun::badBody);
      case "PATCH":
        return PatchTypes.isMergePatch(request)
            ? body(request)
                .map(b -> ApiStatus.json(200, JsonTrees.merge(current.get(), b)))
                .orElseGet(DryRun::badBody)
            : ApiStatus.json(200, current.get());
      default:
        return ApiStatus.failure(405, "MethodNotAllowed", method + " is not supported");
    }
  }

  private Optional<JsonNode> body(RecordedRequest request) {
    try {
      JsonNode node = mapper.readTree(request.getUtf8Body());
      return node instanceof ObjectNode ? Optional.of(node) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static MockResponse badBody() {
    return ApiStatus.failure(400, "BadRequest", "the request body is not a JSON object");
  }
}
