package io.rollgate.metrics;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.rollgate.analysis.QueryResult;
import io.rollgate.analysis.Sample;
import io.rollgate.analysis.Series;
import io.rollgate.failure.Failures;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON envelope of Prometheus' HTTP API ({@code status}, {@code data}, {@code errorType},
 * {@code error}, {@code warnings}) and its translation into a {@link QueryResult}. Gson stays in
 * here.
 */
record ApiResponse(
    String status, JsonObject data, String errorType, String error, List<String> warnings) {
  private static final Gson GSON = new Gson();

  /** The envelope in {@code body}; a body that is not one is a {@link MalformedException}. */
  static ApiResponse parse(String body) throws MalformedException {
    ApiResponse response;
    try {
      response = GSON.fromJson(body, ApiResponse.class);
    } catch (JsonParseException | IllegalStateException e) {
      throw new MalformedException(
          "the answer is not Prometheus API JSON (" + Failures.kind(e) + ")");
    }
    if (response == null || response.status() == null) {
      throw new MalformedException("the answer has no 'status'");
    }
    return response;
  }

  boolean success() {
    return "success".equals(status);
  }

  List<String> warningsOrEmpty() {
    return warnings == null ? List.of() : warnings.stream().filter(w -> w != null).toList();
  }

  /** The result of a successful answer, in domain terms. */
  QueryResult toResult() throws MalformedException {
    if (data == null) {
      throw new MalformedException("a successful answer without 'data'");
    }
    String type = string(data.get("resultType"), "data.resultType");
    JsonElement result = data.get("result");
    if (result == null || result.isJsonNull()) {
      throw new MalformedException("a successful answer without 'data.result'");
    }
    return switch (type) {
      case "vector" ->
          new QueryResult(
              QueryResult.Type.VECTOR, vector(result), Optional.empty(), warningsOrEmpty());
      case "matrix" ->
          new QueryResult(
              QueryResult.Type.MATRIX, matrix(result), Optional.empty(), warningsOrEmpty());
      case "scalar" ->
          new QueryResult(
              QueryResult.Type.SCALAR,
              List.of(new Series(Map.of(), List.of(sample(result, "data.result")))),
              Optional.empty(),
              warningsOrEmpty());
      case "string" -> {
        JsonArray pair = array(result, "data.result");
        if (pair.size() != 2) {
          throw new MalformedException("a string result is [time, \"text\"]");
        }
        yield new QueryResult(
            QueryResult.Type.STRING,
            List.of(),
            Optional.of(string(pair.get(1), "data.result[1]")),
            warningsOrEmpty());
      }
      default -> throw new MalformedException("unsupported result type '" + type + "'");
    };
  }

  private static List<Series> vector(JsonElement result) throws MalformedException {
    List<Series> series = new ArrayList<>();
    for (JsonElement item : array(result, "data.result")) {
      JsonObject entry = object(item, "data.result[]");
      if (entry.has("histogram") && !entry.has("value")) {
        throw new MalformedException(
            "native histogram samples are not supported: use histogram_quantile() or sum()");
      }
      series.add(
          new Series(labels(entry), List.of(sample(entry.get("value"), "data.result[].value"))));
    }
    return series;
  }

  private static List<Series> matrix(JsonElement result) throws MalformedException {
    List<Series> series = new ArrayList<>();
    for (JsonElement item : array(result, "data.result")) {
      JsonObject entry = object(item, "data.result[]");
      if (entry.has("histograms") && !entry.has("values")) {
        throw new MalformedException(
            "native histogram samples are not supported: use histogram_quantile() or sum()");
      }
      List<Sample> samples = new ArrayList<>();
      for (JsonElement pair : array(entry.get("values"), "data.result[].values")) {
        samples.add(sample(pair, "data.result[].values[]"));
      }
      series.add(new Series(labels(entry), samples));
    }
    return series;
  }

  private static Map<String, String> labels(JsonObject entry) throws MalformedException {
    JsonElement metric = entry.get("metric");
    Map<String, String> labels = new LinkedHashMap<>();
    if (metric == null || metric.isJsonNull()) {
      return labels;
    }
    for (Map.Entry<String, JsonElement> label : object(metric, "metric").entrySet()) {
      labels.put(label.getKey(), string(label.getValue(), "metric." + label.getKey()));
    }
    return labels;
  }

  private static Sample sample(JsonElement element, String where) throws MalformedException {
    JsonArray pair = array(element, where);
    if (pair.size() != 2
        || !pair.get(0).isJsonPrimitive()
        || !pair.get(0).getAsJsonPrimitive().isNumber()) {
      throw new MalformedException(where + " is not [time, \"value\"]");
    }
    BigDecimal seconds = pair.get(0).getAsBigDecimal();
    Instant time =
        Instant.ofEpochMilli(
            seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
    return new Sample(time, value(string(pair.get(1), where + "[1]"), where));
  }

  /** Prometheus' spelling of a float: Go's, with NaN, +Inf and -Inf. */
  static double value(String text, String where) throws MalformedException {
    switch (text) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
      case "Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new MalformedException(where + ": '" + abbreviate(text) + "' is not a number");
        }
    }
  }

  private static JsonArray array(JsonElement e, String where) throws MalformedException {
    if (e == null || !e.isJsonArray()) {
      throw new MalformedException(where + " is not an array");
    }
    return e.getAsJsonArray();
  }

  private static JsonObject object(JsonElement e, String where) throws MalformedException {
    if (e == null || !e.isJsonObject()) {
      throw new MalformedException(where + " is not an object");
    }
    return e.getAsJsonObject();
  }

  private static String string(JsonElement e, String where) throws MalformedException {
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new MalformedException(where + " is not a string");
    }
    return e.getAsString();
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  /** The answer does not have the shape the API documents. */
  static final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message);
    }
  }
}
