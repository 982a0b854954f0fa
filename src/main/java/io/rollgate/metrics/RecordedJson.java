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
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
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
    root.addProperty("stepSeconds", seconds(w.step().toMillis()));
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

  /** Plain seconds, as Prometheus writes them: 1767225630 or 1767225630.25, never 1.7E+9. */
  private static BigDecimal seconds(long millis) {
    BigDecimal s = BigDecimal.valueOf(millis, 3).stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
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
        point.add(seconds(p.time().toEpochMilli()));
        point.add(value(p.value()));
        values.add(point);
      }
      so.add("values", values);
      series.add(so);
    }
    o.add("result", series);
    return o;
  }

  /**
   * The recording in {@code json}.
   *
   * @throws MalformedRecordingException the text is not a recording; the message names the field
   */
  static RecordedWindow read(String json) throws MalformedRecordingException {
    JsonElement parsed;
    try {
      parsed = JsonParser.parseString(json);
    } catch (JsonParseException e) {
      Throwable why = e.getCause() != null ? e.getCause() : e;
      String detail = String.valueOf(why.getMessage()).lines().findFirst().orElse("");
      throw new MalformedRecordingException("(file)", "not JSON: " + detail, e);
    }
    JsonObject root = object(parsed, "(file)");
    String format = string(root, "format", "format");
    if (!FORMAT.equals(format)) {
      throw new MalformedRecordingException(
          "format", "is '" + format + "', expected '" + FORMAT + "'", null);
    }
    Instant from = time(root, "from");
    Instant to = time(root, "to");
    if (!to.isAfter(from)) {
      throw new MalformedRecordingException("to", to + " is not after from " + from, null);
    }
    Duration step = step(root);
    JsonElement list = root.get("queries");
    if (list == null || !list.isJsonArray()) {
      throw new MalformedRecordingException("queries", "missing or not an array", null);
    }
    List<RangeFetch> queries = new ArrayList<>();
    int i = 0;
    for (JsonElement e : list.getAsJsonArray()) {
      String where = "queries[" + i++ + "]";
      queries.add(fetch(object(e, where), where));
    }
    return new RecordedWindow(string(root, "pipeline", "pipeline"), from, to, step, queries);
  }

  private static Instant time(JsonObject root, String field) throws MalformedRecordingException {
    String text = string(root, field, field);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new MalformedRecordingException(
          field, "'" + text + "' is not a UTC time like 2026-01-01T00:00:00Z", e);
    }
  }

  private static Duration step(JsonObject root) throws MalformedRecordingException {
    JsonElement e = root.get("stepSeconds");
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw new MalformedRecordingException("stepSeconds", "missing or not a number", null);
    }
    BigDecimal seconds = e.getAsBigDecimal();
    BigDecimal millis = seconds.movePointRight(3);
    if (seconds.signum() <= 0 || millis.stripTrailingZeros().scale() > 0) {
      throw new MalformedRecordingException(
          "stepSeconds", seconds.toPlainString() + " is not a positive whole number of ms", null);
    }
    try {
      return Duration.ofMillis(millis.longValueExact());
    } catch (ArithmeticException ex) {
      throw new MalformedRecordingException("stepSeconds", "too large", ex);
    }
  }

  private static RangeFetch fetch(JsonObject q, String where) throws MalformedRecordingException {
    RangeFetch.Role role =
        choice(RangeFetch.Role.class, string(q, "role", where + ".role"), where + ".role");
    Track track = choice(Track.class, string(q, "track", where + ".track"), where + ".track");
    Optional<QueryResult> result = Optional.empty();
    Optional<Reading.Failed> failure = Optional.empty();
    if (q.has("error")) {
      JsonObject err = object(q.get("error"), where + ".error");
      failure =
          Optional.of(
              new Reading.Failed(
                  choice(
                      MetricQueryException.Kind.class,
                      string(err, "kind", where + ".error.kind"),
                      where + ".error.kind"),
                  string(err, "message", where + ".error.message")));
    } else {
      result = Optional.of(parseResult(object(q.get("result"), where + ".result"), where));
    }
    return new RangeFetch(
        string(q, "metric", where + ".metric"),
        role,
        track,
        string(q, "query", where + ".query"),
        result,
        failure);
  }

  /** {@code result} has the shape of Prometheus' {@code data}: read it as the client does. */
  private static QueryResult parseResult(JsonObject o, String where)
      throws MalformedRecordingException {
    List<String> warnings = new ArrayList<>();
    JsonElement w = o.get("warnings");
    if (w != null && !w.isJsonNull()) {
      if (!w.isJsonArray()) {
        throw new MalformedRecordingException(where + ".result.warnings", "not an array", null);
      }
      for (JsonElement text : w.getAsJsonArray()) {
        if (!text.isJsonPrimitive()) {
          throw new MalformedRecordingException(where + ".result.warnings", "not strings", null);
        }
        warnings.add(text.getAsString());
      }
    }
    try {
      return new ApiResponse("success", o, null, null, warnings).toResult();
    } catch (ApiResponse.MalformedException e) {
      throw new MalformedRecordingException(
          where + ".result", e.getMessage().replace("data.", ""), e);
    } catch (ArithmeticException e) {
      throw new MalformedRecordingException(where + ".result", "a timestamp is out of range", e);
    }
  }

  private static <E extends Enum<E>> E choice(Class<E> type, String text, String where)
      throws MalformedRecordingException {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(text)) {
        return e;
      }
    }
    throw new MalformedRecordingException(
        where,
        "'"
            + text
            + "' is none of "
            + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .toList(),
        null);
  }

  private static JsonObject object(JsonElement e, String where) throws MalformedRecordingException {
    if (e == null || !e.isJsonObject()) {
      throw new MalformedRecordingException(where, "missing or not an object", null);
    }
    return e.getAsJsonObject();
  }

  private static String string(JsonObject o, String field, String where)
      throws MalformedRecordingException {
    JsonElement e = o.get(field);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new MalformedRecordingException(where, "missing or not a string", null);
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

  /** A recording that is not in the format; {@link #field()} is the JSON path at fault. */
  static final class MalformedRecordingException extends Exception {
    private final String field;

    MalformedRecordingException(String field, String problem, Throwable cause) {
      super(field + ": " + problem, cause);
      this.field = field;
    }

    String field() {
      return field;
    }
  }
}
