package io.rollgate.metrics;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.QueryResult;
import io.rollgate.analysis.RangeFetch;
import io.rollgate.analysis.Reading;
import io.rollgate.analysis.Sample;
import io.rollgate.analysis.Series;
import io.rollgate.analysis.Track;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The recording format (version {@value #FORMAT}), JSON:
 *
 * <pre>{@code
 * {
 *   "format": "rollgate-recording/v1",
 *   "pipeline": "checkout",
 *   "from": "2026-01-01T00:00:00Z", "to": "2026-01-01T00:15:00Z", "stepSeconds": 30,
 *   "queries": [
 *     {"metric": "error-rate", "role": "value", "track": "canary",
 *      "query": "sum(rate(...{rollgate_track=\"canary\"}[1m])) / ...",
 *      "result": {"resultType": "matrix", "warnings": [],
 *                 "result": [{"metric": {}, "values": [[1767225630, "0.001"], ...]}]}},
 *     {"metric": "p99", "role": "value", "track": "canary", "query": "...",
 *      "error": {"kind": "query_failed", "message": "..."}}
 *   ]
 * }
 * }</pre>
 *
 * {@code result} has the shape of Prometheus' own query_range {@code data}: timestamps in unix
 * seconds, values as strings ("NaN", "+Inf" allowed). {@code role} is {@code value} or {@code
 * samples} (the minSamples query); {@code track} is {@code canary} or {@code stable}. Replay
 * matches queries by their exact rendered text.
 */
final class RecordedJson {
  static final String FORMAT = "rollgate-recording/v1";

  private RecordedJson() {}

  static String write(RecordedWindow w) {
    JsonObject root = new JsonObject();
    root.addProperty("format", FORMAT);
    root.addProperty("pipeline", w.pipeline());
    root.addProperty("from", w.from().toString());
    root.addProperty("to", w.to().toString());
    root.addProperty("stepSeconds", w.step().toMillis() / 1000.0);
    JsonArray queries = new JsonArray();
    for (RangeFetch f : w.queries()) {
      JsonObject q = new JsonObject();
      q.addProperty("metric", f.metric());
      q.addProperty("role", f.role().name().toLowerCase(Locale.ROOT));
      q.addProperty("track", f.track().label());
      q.addProperty("query", f.query());
      f.result().ifPresent(r -> q.add("result", result(r)));
      f.failure()
          .ifPresent(
              e -> {
                JsonObject err = new JsonObject();
                err.addProperty("kind", e.kind().name().toLowerCase(Locale.ROOT));
                err.addProperty("message", e.message());
                q.add("error", err);
              });
      queries.add(q);
    }
    root.add("queries", queries);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root);
  }

  private static JsonObject result(QueryResult r) {
    JsonObject o = new JsonObject();
    o.addProperty("resultType", r.type().name().toLowerCase(Locale.ROOT));
    JsonArray warnings = new JsonArray();
    r.warnings().forEach(warnings::add);
    o.add("warnings", warnings);
    JsonArray series = new JsonArray();
    for (Series s : r.series()) {
      JsonObject so = new JsonObject();
      JsonObject labels = new JsonObject();
      s.labels().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> labels.addProperty(e.getKey(), e.getValue()));
      so.add("metric", labels);
      JsonArray values = new JsonArray();
      for (Sample p : s.samples()) {
        JsonArray point = new JsonArray();
        point.add(BigDecimal.valueOf(p.time().toEpochMilli(), 3).stripTrailingZeros());
        point.add(value(p.value()));
        values.add(point);
      }
      so.add("values", values);
      series.add(so);
    }
    o.add("result", series);
    return o;
  }

  static RecordedWindow read(String json) {
    try {
      JsonObject root = JsonParser.parseString(json).getAsJsonObject();
      String format = string(root, "format");
      if (!FORMAT.equals(format)) {
        throw new IllegalArgumentException("format is '" + format + "', expected '" + FORMAT + "'");
      }
      long stepMillis = Math.round(root.get("stepSeconds").getAsDouble() * 1000);
      List<RangeFetch> queries = new ArrayList<>();
      for (JsonElement e : root.getAsJsonArray("queries")) {
        queries.add(fetch(e.getAsJsonObject()));
      }
      return new RecordedWindow(
          string(root, "pipeline"),
          Instant.parse(string(root, "from")),
          Instant.parse(string(root, "to")),
          Duration.ofMillis(stepMillis),
          queries);
    } catch (JsonParseException
        | IllegalStateException
        | NullPointerException
        | UnsupportedOperationException e) {
      throw new IllegalArgumentException("not a recording: " + e.getMessage(), e);
    }
  }

  private static RangeFetch fetch(JsonObject q) {
    RangeFetch.Role role = RangeFetch.Role.valueOf(string(q, "role").toUpperCase(Locale.ROOT));
    Track track = Track.valueOf(string(q, "track").toUpperCase(Locale.ROOT));
    Optional<QueryResult> result = Optional.empty();
    Optional<Reading.Failed> failure = Optional.empty();
    if (q.has("error")) {
      JsonObject err = q.getAsJsonObject("error");
      failure =
          Optional.of(
              new Reading.Failed(
                  MetricQueryException.Kind.valueOf(string(err, "kind").toUpperCase(Locale.ROOT)),
                  string(err, "message")));
    } else {
      result = Optional.of(parseResult(q.getAsJsonObject("result")));
    }
    return new RangeFetch(string(q, "metric"), role, track, string(q, "query"), result, failure);
  }

  private static QueryResult parseResult(JsonObject o) {
    QueryResult.Type type =
        QueryResult.Type.valueOf(string(o, "resultType").toUpperCase(Locale.ROOT));
    List<String> warnings = new ArrayList<>();
    if (o.has("warnings")) {
      o.getAsJsonArray("warnings").forEach(w -> warnings.add(w.getAsString()));
    }
    List<Series> series = new ArrayList<>();
    for (JsonElement e : o.getAsJsonArray("result")) {
      JsonObject so = e.getAsJsonObject();
      Map<String, String> labels = new LinkedHashMap<>();
      so.getAsJsonObject("metric")
          .entrySet()
          .forEach(l -> labels.put(l.getKey(), l.getValue().getAsString()));
      List<Sample> samples = new ArrayList<>();
      for (JsonElement p : so.getAsJsonArray("values")) {
        JsonArray point = p.getAsJsonArray();
        long millis = point.get(0).getAsBigDecimal().movePointRight(3).longValue();
        samples.add(
            new Sample(Instant.ofEpochMilli(millis), parseValue(point.get(1).getAsString())));
      }
      series.add(new Series(labels, samples));
    }
    return new QueryResult(type, series, Optional.empty(), warnings);
  }

  private static String string(JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return e.getAsString();
  }

  private static String value(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(v);
  }

  private static double parseValue(String s) {
    return switch (s) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }
}
