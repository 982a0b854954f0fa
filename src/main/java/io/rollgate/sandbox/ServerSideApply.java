package io.rollgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Server-side apply ({@code application/apply-patch+yaml}) as the sandbox approximates it: create
 * when missing, else merge the applied fields into the stored object; an apply that changes nothing
 * leaves the object (and its resourceVersion) alone; a different value for a field another manager
 * owns is a 409 with {@code FieldManagerConflict} causes unless {@code force=true}; {@code
 * dryRun=All} answers without storing. Not emulated: removal of fields a manager stops applying,
 * list merge keys (lists are replaced whole), {@code managedFields} in the stored object.
 */
final class ServerSideApply {
  private static final Set<String> SERVER_METADATA =
      Set.of(
          "resourceVersion", "uid", "creationTimestamp", "generation", "managedFields", "selfLink");

  private final ApplyingCrudDispatcher store;
  private final FieldOwnership owners;
  private final ObjectMapper mapper;

  ServerSideApply(ApplyingCrudDispatcher store, FieldOwnership owners, ObjectMapper mapper) {
    this.store = store;
    this.owners = owners;
    this.mapper = mapper;
  }

  MockResponse handle(RequestTarget target, String body) {
    Optional<String> manager = target.param("fieldManager").filter(m -> !m.isBlank());
    if (manager.isEmpty()) {
      return ApiStatus.failure(
          422,
          "Invalid",
          "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for"
              + " apply patch");
    }
    Optional<ObjectNode> parsed = parse(body);
    if (parsed.isEmpty()) {
      return ApiStatus.failure(
          400, "BadRequest", "error decoding YAML: the apply body is not an object");
    }
    ObjectNode applied = parsed.get();
    applied.remove("status");
    ObjectNode metadata = applied.withObjectProperty("metadata");
    metadata.remove(SERVER_METADATA);
    String name = target.lastSegment();
    if (!metadata.path("name").asText(name).equals(name)) {
      return ApiStatus.failure(
          400,
          "BadRequest",
          "the name of the object ("
              + metadata.path("name").asText()
              + ") does not match the name on the URL ("
              + name
              + ")");
    }
    metadata.put("name", name);
    boolean force = target.param("force").filter("true"::equals).isPresent();
    Optional<JsonNode> current = store.stored(target.path());
    return current.isEmpty()
        ? create(target, manager.get(), applied)
        : update(target, manager.get(), force, applied, current.get());
  }

  private MockResponse create(RequestTarget target, String manager, ObjectNode applied) {
    if (target.dryRun()) {
      ObjectNode preview = applied.deepCopy();
      preview
          .withObjectProperty("metadata")
          .put("uid", UUID.randomUUID().toString())
          .put("creationTimestamp", Instant.now().toString());
      return ApiStatus.json(201, preview);
    }
    MockResponse created = store.create(target.parent(), applied.toString());
    if (created.code() < 300) {
      owners.applied(target.path(), manager, JsonTrees.leaves(applied).keySet(), Set.of());
      created.setResponseCode(201);
    }
    return created;
  }

  private MockResponse update(
      RequestTarget target, String manager, boolean force, ObjectNode applied, JsonNode current) {
    Map<String, JsonNode> appliedFields = JsonTrees.leaves(applied);
    Map<String, JsonNode> currentFields = JsonTrees.leaves(current);
    if (!force) {
      List<FieldOwnership.Conflict> conflicts =
          owners.conflicts(target.path(), manager, appliedFields, currentFields);
      if (!conflicts.isEmpty()) {
        return conflict(applied.path("apiVersion").asText(), conflicts);
      }
    }
    Set<String> changed = new HashSet<>();
    appliedFields.forEach(
        (field, value) -> {
          if (!value.equals(currentFields.get(field))) {
            changed.add(field);
          }
        });
    JsonNode merged = JsonTrees.merge(current, applied);
    if (target.dryRun() || merged.equals(current)) {
      if (!target.dryRun()) {
        owners.applied(target.path(), manager, appliedFields.keySet(), changed);
      }
      return ApiStatus.json(200, merged);
    }
    MockResponse replaced = store.replace(target.path(), merged.toString());
    if (replaced.code() < 300) {
      owners.applied(target.path(), manager, appliedFields.keySet(), changed);
    }
    return replaced;
  }

  private static MockResponse conflict(String apiVersion, List<FieldOwnership.Conflict> conflicts) {
    List<ApiStatus.Cause> causes =
        conflicts.stream()
            .map(
                c ->
                    new ApiStatus.Cause(
                        "FieldManagerConflict",
                        "conflict with \"" + c.manager() + "\" using " + apiVersion,
                        c.field()))
            .collect(Collectors.toList());
    String summary =
        conflicts.stream()
            .map(
                c -> "conflict with \"" + c.manager() + "\" using " + apiVersion + ": " + c.field())
            .collect(Collectors.joining("; "));
    String noun = conflicts.size() == 1 ? "conflict" : "conflicts";
    return ApiStatus.failure(
        409,
        "Conflict",
        "Apply failed with " + conflicts.size() + " " + noun + ": " + summary,
        causes);
  }

  private Optional<ObjectNode> parse(String body) {
    try {
      JsonNode node = mapper.readTree(body);
      return node != null && node.isObject() ? Optional.of((ObjectNode) node) : Optional.empty();
    } catch (java.io.IOException notJson) {
      try {
        Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(body);
        JsonNode node = mapper.valueToTree(yaml);
        return node != null && node.isObject() ? Optional.of((ObjectNode) node) : Optional.empty();
      } catch (RuntimeException notYaml) {
        return Optional.empty();
      }
    }
  }
}
