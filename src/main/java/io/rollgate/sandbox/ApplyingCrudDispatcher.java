package io.rollgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * fabric8's CRUD dispatcher taught what the sandbox needs of a real API server: server-side apply,
 * {@code dryRun=All}, field managers for plain writes that name one, and watches whose close does
 * not block the server's event loop. Calls are serialized on this object.
 */
final class ApplyingCrudDispatcher extends KubernetesCrudDispatcher {
  private final FieldOwnership owners = new FieldOwnership();
  private final ServerSideApply apply;
  private final DryRun dryRun;
  private final UpdateRewrites rewrites;
  private final Executor closer;
  private final Set<?> watchers;

  ApplyingCrudDispatcher(Executor closer) {
    this.closer = closer;
    this.watchers = WatchRegistry.of(this);
    this.apply = new ServerSideApply(this, owners, mapper());
    this.dryRun = new DryRun(this, mapper());
    this.rewrites = new UpdateRewrites(this, mapper());
  }

  @Override
  public synchronized MockResponse dispatch(RecordedRequest received) {
    RecordedRequest request = received;
    String method = request.getMethod().toUpperCase(java.util.Locale.ROOT);
    RequestTarget target = RequestTarget.parse(request.getPath());
    if ("GET".equals(method) && Discovery.isDiscoveryPath(target.path())) {
      return Discovery.answer(target.path(), storedCrds());
    }
    if ("PATCH".equals(method) && PatchTypes.isApply(request)) {
      return apply.handle(target, request.getUtf8Body());
    }
    if (target.dryRun() && !"GET".equals(method)) {
      return dryRun.handle(method, target, request);
    }
    if ("PATCH".equals(method) && PatchTypes.isMergePatch(request) && !target.isSubresource()) {
      Optional<RecordedRequest> update = rewrites.mergePatchAsUpdate(target, request);
      if (update.isEmpty()) {
        return ApiStatus.failure(404, "NotFound", target.lastSegment() + " not found");
      }
      request = update.get();
      method = "PUT";
    }
    if ("PUT".equals(method) && !target.isSubresource()) {
      request = rewrites.keepingStoredStatus(target, request);
    }
    Optional<String> manager = target.param("fieldManager");
    if (manager.isEmpty()
        || target.isSubresource()
        || !("PUT".equals(method) || "PATCH".equals(method))) {
      MockResponse response = super.dispatch(request);
      if ("DELETE".equals(method) && response.code() < 300) {
        owners.forget(target.path());
      }
      return response;
    }
    Map<String, JsonNode> before = stored(target.path()).map(JsonTrees::leaves).orElse(Map.of());
    MockResponse response = super.dispatch(request);
    if (response.code() < 300) {
      Map<String, JsonNode> after = stored(target.path()).map(JsonTrees::leaves).orElse(Map.of());
      Set<String> changed = new HashSet<>();
      after.forEach(
          (field, value) -> {
            if (!field.startsWith(".metadata.resourceVersion")
                && !value.equals(before.get(field))) {
              changed.add(field);
            }
          });
      owners.updated(target.path(), manager.get(), changed);
    }
    return response;
  }

  @Override
  public MockResponse handleWatch(String path) {
    MockResponse response = super.handleWatch(path);
    WebSocketListener listener = response.getWebSocketListener();
    if (listener != null) {
      response.withWebSocketUpgrade(
          new OffLoopCloseListener(listener, () -> watchers.remove(listener), closer));
    }
    return response;
  }

  /** The stored object at an object URL (no query). */
  Optional<JsonNode> stored(String objectPath) {
    Map.Entry<AttributeSet, String> entry = findResource(getKey(objectPath));
    if (entry == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(mapper().readTree(entry.getValue()));
    } catch (IOException e) {
      throw new IllegalStateException("stored object at " + objectPath + " is not JSON", e);
    }
  }

  /** The CustomResourceDefinitions stored, for discovery. */
  private List<JsonNode> storedCrds() {
    MockResponse list = handleGet("/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
    List<JsonNode> crds = new ArrayList<>();
    try {
      mapper().readTree(list.getBody().readUtf8()).path("items").forEach(crds::add);
    } catch (IOException e) {
      throw new IllegalStateException("the stored CRDs do not read as JSON", e);
    }
    return crds;
  }

  MockResponse create(String collectionPath, String json) {
    return handleCreate(request(HttpMethod.POST, collectionPath, json));
  }

  MockResponse replace(String objectPath, String json) {
    return handleUpdate(request(HttpMethod.PUT, objectPath, json));
  }

  synchronized Map<String, Set<String>> owners(String objectPath) {
    return owners.owners(objectPath);
  }

  private ObjectMapper mapper() {
    return context.getMapper();
  }

  private static RecordedRequest request(HttpMethod method, String path, String json) {
    Headers headers = new Headers.Builder().add("Content-Type", "application/json").build();
    return new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer().writeUtf8(json));
  }
}
