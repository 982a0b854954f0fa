package io.rollgate.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rollgate.pipeline.Problem;
import java.util.Map;

/**
 * A {@link RunReport} as JSON: the {@code --report FILE} format of {@code run} and {@code demo}.
 */
public final class JsonReportWriter {
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

  private JsonReportWriter() {}

  public static String toJson(RunReport report) {
    JsonObject root = new JsonObject();
    root.addProperty("command", report.command());
    root.addProperty("pipeline", report.pipeline());
    root.addProperty("startedAt", report.started().toString());
    root.addProperty("finishedAt", report.finished().map(Object::toString).orElse(null));
    root.addProperty("exitCode", report.exitCode());
    root.addProperty("outcome", report.outcome());
    root.addProperty("message", report.message());
    JsonObject process = new JsonObject();
    ProcessHandle.current()
        .info()
        .startInstant()
        .ifPresent(t -> process.addProperty("jvmStartedAt", t.toString()));
    root.add("process", process);
    JsonArray notes = new JsonArray();
    report.notes().forEach(notes::add);
    root.add("notes", notes);
    JsonArray problems = new JsonArray();
    for (Problem p : report.problems()) {
      JsonObject o = new JsonObject();
      o.addProperty("file", p.location().file().toString());
      o.addProperty("line", p.location().line());
      o.addProperty("column", p.location().column());
      o.addProperty("message", p.message());
      problems.add(o);
    }
    root.add("problems", problems);
    JsonArray actions = new JsonArray();
    for (ActionRecord a : report.actions()) {
      JsonObject o = new JsonObject();
      o.addProperty("action", a.action());
      o.addProperty("subject", a.subject());
      o.addProperty("startedAt", a.started().toString());
      o.addProperty("tookMs", a.took().toMillis());
      o.addProperty("outcome", a.outcome().name().toLowerCase(java.util.Locale.ROOT));
      o.addProperty("message", a.message());
      o.add("details", details(a.details()));
      actions.add(o);
    }
    root.add("actions", actions);
    JsonArray decisions = new JsonArray();
    report.decisions().forEach(d -> decisions.add(DecisionJson.decision(d)));
    root.add("decisions", decisions);
    return GSON.toJson(root) + "\n";
  }

  private static JsonElement details(Map<String, Object> details) {
    return GSON.toJsonTree(new java.util.TreeMap<>(details));
  }
}
