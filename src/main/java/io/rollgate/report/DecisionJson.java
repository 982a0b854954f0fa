package io.rollgate.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import io.rollgate.analysis.Measurement;
import io.rollgate.canary.Decision;
import io.rollgate.canary.DecisionRecord;
import java.io.IOException;
import java.io.Writer;
import java.util.OptionalDouble;

/**
 * The JSON shape of a decision record:
 *
 * <pre>{@code
 * {"decisions": [{"time": "2026-...Z", "kind": "rollback", "reason": "...", "step": 1, "weight": 10,
 *   "measurements": [{"metric": "error-rate", "evaluatedAt": "...", "outcome": "failed",
 *     "query": {"canary": "...", "stable": "..."}, "value": {"canary": 0.083, "stable": 0.002},
 *     "sampleCount": 120, "threshold": "max 0.01", "sentence": "...", "warnings": [], "error": "unavailable"}]}]}
 * }</pre>
 *
 * Absent values are left out; NaN and infinities are written as the strings "NaN", "+Inf", "-Inf".
 */
public final class DecisionJson {
  private DecisionJson() {}

  public static String toJson(DecisionRecord record) {
    JsonArray decisions = new JsonArray();
    for (Decision d : record.decisions()) {
      decisions.add(decision(d));
    }
    JsonObject root = new JsonObject();
    root.add("decisions", decisions);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root);
  }

  /**
   * The same JSON written one decision at a time to {@code out}, for a record too long to hold:
   * {@link #add} each decision, then {@link #end}.
   */
  public static Stream stream(
      Writer out, String command, String pipeline, java.time.Instant started) throws IOException {
    return new Stream(out, command, pipeline, started);
  }

  /** See {@link #stream}. */
  public static final class Stream {
    private final JsonWriter json;
    private final Gson gson = new GsonBuilder().disableHtmlEscaping().create();

    private Stream(Writer out, String command, String pipeline, java.time.Instant started)
        throws IOException {
      json = new JsonWriter(out);
      json.setIndent("  ");
      json.setHtmlSafe(false);
      json.beginObject();
      json.name("command").value(command);
      json.name("pipeline").value(pipeline);
      json.name("startedAt").value(started.toString());
      json.name("decisions").beginArray();
    }

    public void add(Decision d) throws IOException {
      gson.toJson(decision(d), json);
    }

    /** Closes the decisions and gives the outcome, as every command's report does. */
    public void end(int exitCode, String outcome, String message, java.time.Instant finished)
        throws IOException {
      json.endArray();
      json.name("finishedAt").value(finished.toString());
      json.name("exitCode").value(exitCode);
      json.name("outcome").value(outcome);
      json.name("message").value(message);
      json.endObject();
      json.flush();
    }
  }

  static JsonObject decision(Decision d) {
    JsonObject o = new JsonObject();
    o.addProperty("time", d.time().toString());
    o.addProperty("kind", d.kind().name().toLowerCase());
    o.addProperty("reason", d.reason());
    d.step().ifPresent(s -> o.addProperty("step", s));
    d.weight().ifPresent(w -> o.addProperty("weight", w));
    d.effectiveWeight().ifPresent(w -> o.addProperty("effectiveWeight", w));
    JsonArray ms = new JsonArray();
    d.measurements().forEach(m -> ms.add(measurement(m)));
    o.add("measurements", ms);
    return o;
  }

  public static JsonObject measurement(Measurement m) {
    JsonObject o = new JsonObject();
    o.addProperty("metric", m.metric());
    o.addProperty("evaluatedAt", m.evaluatedAt().toString());
    o.addProperty("outcome", m.outcome().name().toLowerCase());
    JsonObject query = new JsonObject();
    query.addProperty("canary", m.canaryQuery());
    m.stableQuery().ifPresent(s -> query.addProperty("stable", s));
    o.add("query", query);
    JsonObject value = new JsonObject();
    m.canary().ifPresent(v -> value.add("canary", number(v)));
    m.stable().ifPresent(v -> value.add("stable", number(v)));
    o.add("value", value);
    OptionalDouble count = m.sampleCount();
    count.ifPresent(v -> o.add("sampleCount", number(v)));
    o.addProperty("threshold", m.threshold());
    o.addProperty("sentence", m.sentence());
    JsonArray warnings = new JsonArray();
    m.warnings().forEach(warnings::add);
    o.add("warnings", warnings);
    m.errorKind().ifPresent(k -> o.addProperty("error", k.name().toLowerCase()));
    return o;
  }

  static JsonElement number(double v) {
    if (Double.isNaN(v)) {
      return new JsonPrimitive("NaN");
    }
    if (Double.isInfinite(v)) {
      return new JsonPrimitive(v > 0 ? "+Inf" : "-Inf");
    }
    return new JsonPrimitive(v);
  }
}
