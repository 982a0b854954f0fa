package io.rollgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.Optional;

/**
 * Requests rewritten before the mock's handlers see them, where the mock departs from a real API
 * server: JSON merge patches (the mock appends to lists and stores nulls; RFC 7386 replaces lists
 * and deletes on null) and updates that would wipe a status kept in the status subresource.
 */
final class UpdateRewrites {
  private final ApplyingCrudDispatcher store;
  private final ObjectMapper mapper;

  UpdateRewrites(ApplyingCrudDispatcher store, ObjectMapper mapper) {
    this.store = store;
    this.mapper = mapper;
  }

  /** The merge patch applied here, sent on as a full update; empty when there is no such object. */
  Optional<RecordedRequest> mergePatchAsUpdate(RequestTarget target, RecordedRequest patch) {
    Optional<JsonNode> stored = store.stored(target.path());
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    JsonNode merged = JsonTrees.merge(stored.get(), parse(patch).orElse(mapper.createObjectNode()));
    Headers json = new Headers.Builder().add("Content-Type", "application/json").build();
    return Optional.of(
        new RecordedRequest(
            patch.getHttpVersion(),
            HttpMethod.PUT,
            patch.getPath(),
            json,
            new Buffer().writeUtf8(merged.toString())));
  }

  /**
   * A real API server ignores {@code status} in updates of the main resource when the kind has a
   * status subresource; the mock would store the body's (often {@code status: null}) and wipe it.
   */
  RecordedRequest keepingStoredStatus(RequestTarget target, RecordedRequest request) {
    Optional<JsonNode> stored = store.stored(target.path());
    if (stored.isEmpty() || !stored.get().has("status") || !hasStatusSubresource(target.path())) {
      return request;
    }
    // reading the body drains the request's buffer: from here on, always send a fresh one
    String text = request.getUtf8Body();
    Optional<ObjectNode> body = parse(text);
    if (body.isPresent() && !stored.get().get("status").equals(body.get().get("status"))) {
      body.get().set("status", stored.get().get("status").deepCopy());
      text = body.get().toString();
    }
    return new RecordedRequest(
        request.getHttpVersion(),
        request.method(),
        request.getPath(),
        request.getHeaders(),
        new Buffer().writeUtf8(text));
  }

  /** Built-in kinds keep status in a subresource; custom ones when their CRD says so. */
  private boolean hasStatusSubresource(String path) {
    if (path.startsWith("/api/v1/")) {
      return true;
    }
    String[] parts = path.split("/");
    boolean builtInGroup =
        parts.length > 2 && (!parts[2].contains(".") || parts[2].endsWith(".k8s.io"));
    return builtInGroup || store.isStatusSubresourceEnabledForResource(path);
  }

  private Optional<ObjectNode> parse(RecordedRequest request) {
    return parse(request.getUtf8Body());
  }

  private Optional<ObjectNode> parse(String text) {
    try {
      JsonNode node = mapper.readTree(text);
      return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
    } catch (IOException notJson) {
      return Optional.empty();
    }
  }
}
