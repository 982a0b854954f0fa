package io.rollgate.smoke;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.rollgate.pipeline.Durations;
import io.rollgate.pipeline.SmokeCheckSpec.Expect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges one HTTP answer against what the check expects. A pure function: the same status, body and
 * latency always give the same reasons, in the order status, body text, JSON field, latency. An
 * empty list means the answer is good.
 */
public final class ResponseJudge {
  private ResponseJudge() {}

  public static List<String> judge(int status, String body, Duration latency, Expect expect) {
    List<String> reasons = new ArrayList<>();
    if (status != expect.status()) {
      reasons.add("got " + status + ", want " + expect.status());
    }
    expect
        .bodyContains()
        .filter(text -> !body.contains(text))
        .ifPresent(text -> reasons.add("body does not contain \"" + text + "\""));
    expect
        .jsonField()
        .flatMap(field -> jsonFieldProblem(body, field, expect.jsonValue()))
        .ifPresent(reasons::add);
    expect
        .maxLatency()
        .filter(max -> latency.compareTo(max) > 0)
        .ifPresent(
            max ->
                reasons.add(
                    "took "
                        + Durations.format(latency)
                        + ", want at most "
                        + Durations.format(max)));
    return List.copyOf(reasons);
  }

  private static Optional<String> jsonFieldProblem(
      String body, String path, Optional<String> want) {
    JsonElement root;
    try {
      root = JsonParser.parseString(body);
    } catch (JsonParseException e) {
      return Optional.of("body is not JSON, want field " + path);
    }
    Optional<JsonElement> found = lookup(root, path);
    if (found.isEmpty()) {
      return Optional.of(
          "JSON field " + path + " is missing" + want.map(v -> ", want \"" + v + "\"").orElse(""));
    }
    String actual = asText(found.get());
    return want.filter(expected -> !expected.equals(actual))
        .map(
            expected -> "JSON field " + path + " is \"" + actual + "\", want \"" + expected + "\"");
  }

  /** Follows a dotted path ({@code checks.db.state}) through nested objects. */
  static Optional<JsonElement> lookup(JsonElement root, String path) {
    JsonElement current = root;
    for (String key : path.split("\\.", -1)) {
      if (!current.isJsonObject()) {
        return Optional.empty();
      }
      JsonObject object = current.getAsJsonObject();
      if (!object.has(key)) {
        return Optional.empty();
      }
      current = object.get(key);
    }
    return Optional.of(current);
  }

  private static String asText(JsonElement value) {
    if (value.isJsonNull()) {
      return "null";
    }
    if (value.isJsonPrimitive()) {
      return value.getAsString();
    }
    return value.toString();
  }
}
