package io.rollgate.state;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;
import io.rollgate.analysis.AnalysisCounts;
import io.rollgate.analysis.Measurement;
import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.Outcome;
import io.rollgate.canary.CanaryPlan;
import io.rollgate.canary.CanaryState;
import io.rollgate.canary.Decision;
import io.rollgate.canary.DecisionHistory;
import io.rollgate.canary.Phase;
import io.rollgate.canary.Request;
import io.rollgate.pipeline.AnalysisSpec;
import io.rollgate.pipeline.CanarySpec;
import io.rollgate.pipeline.MetricSpec;
import io.rollgate.pipeline.PrometheusSpec;
import io.rollgate.pipeline.RolloutSpec;
import io.rollgate.pipeline.StepSpec;
import io.rollgate.pipeline.TrafficSpec;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The state ConfigMap's two documents as JSON: the plan (fixed when the canary starts) and the
 * state (rewritten after every transition). Durations are ISO-8601, times RFC 3339, numbers in
 * manifests keep their integer type. Credentials are never written: the Prometheus section keeps
 * variable and file names, and drops header values whose names look like credentials and any
 * user:password in the address.
 */
public final class StateJson {
  private static final Gson GSON =
      new GsonBuilder()
          .disableHtmlEscaping()
          .serializeSpecialFloatingPointValues()
          .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
          .create();
  private static final Type MAP = new TypeToken<LinkedHashMap<String, Object>>() {}.getType();

  private StateJson() {}

  /** The document could not be read: written by a newer Rollgate, or changed by hand. */
  public static final class UnreadableStateException extends RuntimeException {
    public UnreadableStateException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  // ---- plan ----

  public static String plan(CanaryPlan p) {
    JsonObject o = new JsonObject();
    o.addProperty("pipeline", p.pipeline());
    o.addProperty("namespace", p.namespace());
    o.addProperty("revision", p.revision());
    JsonObject target = new JsonObject();
    target.addProperty("kind", p.targetRef().kind());
    target.addProperty("name", p.targetRef().name());
    o.add("targetRef", target);
    o.add("traffic", traffic(p.traffic()));
    JsonArray steps = new JsonArray();
    p.steps().forEach(s -> steps.add(step(s)));
    o.add("steps", steps);
    o.add("analysis", analysis(p.analysis()));
    o.addProperty("rolloutTimeout", p.rollout().timeout().toString());
    o.addProperty("podProblemGrace", p.rollout().podProblemGrace().toString());
    o.add("vars", GSON.toJsonTree(new TreeMap<>(p.vars())));
    o.add("target", GSON.toJsonTree(p.target()));
    o.add("previousTemplate", GSON.toJsonTree(p.previousTemplate()));
    JsonArray copies = new JsonArray();
    for (CanaryPlan.ConfigRef c : p.configCopies()) {
      JsonObject r = new JsonObject();
      r.addProperty("kind", c.kind());
      r.addProperty("name", c.name());
      copies.add(r);
    }
    o.add("configCopies", copies);
    return GSON.toJson(o);
  }

  public static CanaryPlan readPlan(String json) {
    return read(
        json,
        "plan",
        o ->
            new CanaryPlan(
                str(o, "pipeline"),
                str(o, "namespace"),
                str(o, "revision"),
                new CanarySpec.TargetRef(
                    str(o.getAsJsonObject("targetRef"), "kind"),
                    str(o.getAsJsonObject("targetRef"), "name")),
                readTraffic(o.getAsJsonObject("traffic")),
                list(o.getAsJsonArray("steps"), e -> readStep(e.getAsJsonObject())),
                readAnalysis(o.getAsJsonObject("analysis")),
                new RolloutSpec(
                    Duration.parse(str(o, "rolloutTimeout")),
                    Duration.parse(str(o, "podProblemGrace"))),
                stringMap(o.getAsJsonObject("vars")),
                GSON.fromJson(o.get("target"), MAP),
                GSON.fromJson(o.get("previousTemplate"), MAP),
                list(
                    o.getAsJsonArray("configCopies"),
                    e ->
                        new CanaryPlan.ConfigRef(
                            str(e.getAsJsonObject(), "kind"), str(e.getAsJsonObject(), "name")))));
  }

  private static JsonObject traffic(TrafficSpec t) {
    JsonObject o = new JsonObject();
    if (t instanceof TrafficSpec.GatewayApi g) {
      o.addProperty("router", "gatewayApi");
      o.addProperty("httpRoute", g.httpRoute());
      o.addProperty("stableService", g.stableService());
      o.addProperty("canaryService", g.canaryService());
    } else if (t instanceof TrafficSpec.Istio i) {
      o.addProperty("router", "istio");
      o.addProperty("virtualService", i.virtualService());
      i.route().ifPresent(v -> o.addProperty("route", v));
      i.stableSubset().ifPresent(v -> o.addProperty("stableSubset", v));
      i.stableHost().ifPresent(v -> o.addProperty("stableHost", v));
      i.canarySubset().ifPresent(v -> o.addProperty("canarySubset", v));
      i.canaryHost().ifPresent(v -> o.addProperty("canaryHost", v));
    } else if (t instanceof TrafficSpec.Nginx n) {
      o.addProperty("router", "nginx");
      o.addProperty("ingress", n.ingress());
    } else {
      o.addProperty("router", "replicas");
    }
    return o;
  }

  private static TrafficSpec readTraffic(JsonObject o) {
    return switch (str(o, "router")) {
      case "gatewayApi" ->
          new TrafficSpec.GatewayApi(
              str(o, "httpRoute"), str(o, "stableService"), str(o, "canaryService"));
      case "istio" ->
          new TrafficSpec.Istio(
              str(o, "virtualService"),
              opt(o, "route"),
              opt(o, "stableSubset"),
              opt(o, "stableHost"),
              opt(o, "canarySubset"),
              opt(o, "canaryHost"));
      case "nginx" -> new TrafficSpec.Nginx(str(o, "ingress"));
      case "replicas" -> new TrafficSpec.Replicas();
      default -> throw new JsonParseException("unknown router " + str(o, "router"));
    };
  }

  private static JsonObject step(StepSpec s) {
    JsonObject o = new JsonObject();
    if (s instanceof StepSpec.SetWeight w) {
      o.addProperty("setWeight", w.weight());
    } else if (s instanceof StepSpec.Analysis a) {
      o.addProperty("analysis", a.duration().toString());
    } else {
      StepSpec.Pause p = (StepSpec.Pause) s;
      // a pause without duration waits for `rollgate promote`
      o.addProperty("pause", p.duration().map(Duration::toString).orElse("manual"));
    }
    return o;
  }

  private static StepSpec readStep(JsonObject o) {
    if (o.has("setWeight")) {
      return new StepSpec.SetWeight(o.get("setWeight").getAsInt());
    }
    if (o.has("analysis")) {
      return new StepSpec.Analysis(Duration.parse(str(o, "analysis")));
    }
    if (o.has("pause")) {
      String pause = str(o, "pause");
      return new StepSpec.Pause(
          pause.equals("manual") ? Optional.empty() : Optional.of(Duration.parse(pause)));
    }
    throw new JsonParseException("a step is setWeight, analysis or pause: " + o);
  }

  private static JsonObject analysis(AnalysisSpec a) {
    JsonObject o = new JsonObject();
    o.addProperty("interval", a.interval().toString());
    o.addProperty("failureLimit", a.failureLimit());
    o.addProperty("inconclusiveLimit", a.inconclusiveLimit());
    o.addProperty("consecutiveErrorLimit", a.consecutiveErrorLimit());
    o.add("prometheus", prometheus(a.prometheus()));
    JsonArray metrics = new JsonArray();
    a.metrics().forEach(m -> metrics.add(metric(m)));
    o.add("metrics", metrics);
    return o;
  }

  private static AnalysisSpec readAnalysis(JsonObject o) {
    return new AnalysisSpec(
        Duration.parse(str(o, "interval")),
        o.get("failureLimit").getAsInt(),
        o.get("inconclusiveLimit").getAsInt(),
        o.get("consecutiveErrorLimit").getAsInt(),
        readPrometheus(o.getAsJsonObject("prometheus")),
        list(o.getAsJsonArray("metrics"), e -> readMetric(e.getAsJsonObject())));
  }

  private static JsonObject prometheus(PrometheusSpec p) {
    JsonObject o = new JsonObject();
    o.addProperty("address", p.address().replaceAll("//[^/@]*@", "//"));
    p.bearerTokenEnv().ifPresent(v -> o.addProperty("bearerTokenEnv", v));
    p.bearerTokenFile().ifPresent(v -> o.addProperty("bearerTokenFile", v.toString()));
    p.basicAuth()
        .ifPresent(
            b -> {
              JsonObject ba = new JsonObject();
              ba.addProperty("username", b.username());
              ba.addProperty("passwordEnv", b.passwordEnv());
              o.add("basicAuth", ba);
            });
    Map<String, String> headers = new TreeMap<>();
    java.util.List<String> withheldHeaders = new ArrayList<>();
    p.headers()
        .forEach(
            (k, v) -> {
              if (credentialLike(k, v)) {
                withheldHeaders.add("header " + k);
              } else {
                headers.put(k, v);
              }
            });
    o.add("headers", GSON.toJsonTree(headers));
    java.util.List<String> withheld = new ArrayList<>(p.withheld());
    withheldHeaders.stream().sorted().forEach(withheld::add);
    if (p.address().matches("(?i)[a-z]+://[^/@]*@.*")) {
      withheld.add("the user:password in the address");
    }
    o.add("withheld", GSON.toJsonTree(withheld.stream().distinct().toList()));
    p.caFile().ifPresent(v -> o.addProperty("caFile", v.toString()));
    o.addProperty("insecureSkipVerify", p.insecureSkipVerify());
    o.addProperty("timeout", p.timeout().toString());
    return o;
  }

  /**
   * Headers whose names say they carry credentials ({@link
   * io.rollgate.redact.Redaction#isCredentialName}): never saved in the state, named as withheld.
   * Other headers (a tenant's X-Scope-OrgID) are kept, so a scheduled resume can measure without
   * the pipeline file; output still masks any long header value.
   */
  static boolean credentialLike(String header, String value) {
    return value != null
        && !value.isBlank()
        && io.rollgate.redact.Redaction.isCredentialName(header);
  }

  private static PrometheusSpec readPrometheus(JsonObject o) {
    return new PrometheusSpec(
        str(o, "address"),
        opt(o, "bearerTokenEnv"),
        opt(o, "bearerTokenFile").map(Path::of),
        Optional.ofNullable(o.getAsJsonObject("basicAuth"))
            .map(b -> new PrometheusSpec.BasicAuth(str(b, "username"), str(b, "passwordEnv"))),
        stringMap(o.getAsJsonObject("headers")),
        opt(o, "caFile").map(Path::of),
        o.get("insecureSkipVerify").getAsBoolean(),
        Duration.parse(str(o, "timeout")),
        list(o.getAsJsonArray("withheld"), JsonElement::getAsString));
  }

  private static JsonObject metric(MetricSpec m) {
    JsonObject o = new JsonObject();
    o.addProperty("name", m.name());
    o.addProperty("query", m.query());
    m.min().ifPresent(v -> o.addProperty("min", v));
    m.max().ifPresent(v -> o.addProperty("max", v));
    o.addProperty("noData", m.noData().name());
    m.minSamples()
        .ifPresent(
            s -> {
              JsonObject ms = new JsonObject();
              ms.addProperty("query", s.query());
              ms.addProperty("min", s.min());
              o.add("minSamples", ms);
            });
    m.compare()
        .ifPresent(
            c -> {
              JsonObject co = new JsonObject();
              co.addProperty("against", c.against());
              c.maxRatio().ifPresent(v -> co.addProperty("maxRatio", v));
              c.maxIncrease().ifPresent(v -> co.addProperty("maxIncrease", v));
              o.add("compare", co);
            });
    m.limits().failureLimit().ifPresent(v -> o.addProperty("failureLimit", v));
    m.limits().inconclusiveLimit().ifPresent(v -> o.addProperty("inconclusiveLimit", v));
    m.limits().consecutiveErrorLimit().ifPresent(v -> o.addProperty("consecutiveErrorLimit", v));
    return o;
  }

  private static MetricSpec readMetric(JsonObject o) {
    return new MetricSpec(
        str(o, "name"),
        str(o, "query"),
        dbl(o, "min"),
        dbl(o, "max"),
        MetricSpec.NoDataPolicy.valueOf(str(o, "noData")),
        Optional.ofNullable(o.getAsJsonObject("minSamples"))
            .map(s -> new MetricSpec.MinSamples(str(s, "query"), s.get("min").getAsDouble())),
        Optional.ofNullable(o.getAsJsonObject("compare"))
            .map(
                c ->
                    new MetricSpec.Compare(
                        str(c, "against"), dbl(c, "maxRatio"), dbl(c, "maxIncrease"))),
        new MetricSpec.Limits(
            integer(o, "failureLimit"),
            integer(o, "inconclusiveLimit"),
            integer(o, "consecutiveErrorLimit")));
  }

  // ---- state ----

  public static String state(CanaryState s) {
    JsonObject o = new JsonObject();
    o.addProperty("schemaVersion", s.schemaVersion());
    o.addProperty("revision", s.revision());
    o.addProperty("phase", s.phase().name());
    o.addProperty("stepIndex", s.stepIndex());
    o.addProperty("stepStartedAt", s.stepStartedAt().toString());
    o.addProperty("askedWeight", s.askedWeight());
    o.addProperty("effectiveWeight", s.effectiveWeight());
    o.addProperty("canaryReplicas", s.canaryReplicas());
    o.addProperty("stableReplicas", s.stableReplicas());
    s.analysisStartedAt().ifPresent(t -> o.addProperty("analysisStartedAt", t.toString()));
    s.measuredThrough().ifPresent(t -> o.addProperty("measuredThrough", t.toString()));
    JsonObject counts = new JsonObject();
    s.counts()
        .byMetric()
        .forEach(
            (metric, c) -> {
              JsonObject m = new JsonObject();
              m.addProperty("failures", c.failures());
              m.addProperty("inconclusives", c.inconclusives());
              m.addProperty("errors", c.errors());
              m.addProperty("errorsInARow", c.errorsInARow());
              counts.add(metric, m);
            });
    o.add("counts", counts);
    o.addProperty("restoreStable", s.restoreStable());
    o.addProperty("reason", s.reason());
    s.request()
        .ifPresent(
            r -> {
              JsonObject ro = new JsonObject();
              ro.addProperty("kind", r.kind().name());
              ro.addProperty("by", r.by());
              ro.addProperty("at", r.at().toString());
              o.add("request", ro);
            });
    JsonObject history = new JsonObject();
    history.addProperty("older", s.history().older());
    JsonArray latest = new JsonArray();
    s.history().latest().forEach(d -> latest.add(decision(d)));
    history.add("latest", latest);
    o.add("history", history);
    o.addProperty("startedAt", s.startedAt().toString());
    o.addProperty("updatedAt", s.updatedAt().toString());
    return GSON.toJson(o);
  }

  public static CanaryState readState(String json) {
    return read(
        json,
        "state",
        o -> {
          int version = o.get("schemaVersion").getAsInt();
          if (version > CanaryState.SCHEMA_VERSION) {
            throw new JsonParseException(
                "schemaVersion "
                    + version
                    + " was written by a newer rollgate (this one reads "
                    + CanaryState.SCHEMA_VERSION
                    + "): upgrade rollgate");
          }
          Map<String, AnalysisCounts.MetricCounts> counts = new TreeMap<>();
          o.getAsJsonObject("counts")
              .entrySet()
              .forEach(
                  e -> {
                    JsonObject c = e.getValue().getAsJsonObject();
                    counts.put(
                        e.getKey(),
                        new AnalysisCounts.MetricCounts(
                            c.get("failures").getAsInt(),
                            c.get("inconclusives").getAsInt(),
                            c.get("errors").getAsInt(),
                            c.get("errorsInARow").getAsInt()));
                  });
          JsonObject h = o.getAsJsonObject("history");
          return new CanaryState(
              version,
              str(o, "revision"),
              Phase.valueOf(str(o, "phase")),
              o.get("stepIndex").getAsInt(),
              Instant.parse(str(o, "stepStartedAt")),
              o.get("askedWeight").getAsInt(),
              o.get("effectiveWeight").getAsDouble(),
              o.get("canaryReplicas").getAsInt(),
              o.get("stableReplicas").getAsInt(),
              opt(o, "analysisStartedAt").map(Instant::parse),
              opt(o, "measuredThrough").map(Instant::parse),
              new AnalysisCounts(counts),
              o.get("restoreStable").getAsBoolean(),
              str(o, "reason"),
              Optional.ofNullable(o.getAsJsonObject("request"))
                  .map(
                      r ->
                          new Request(
                              Request.Kind.valueOf(str(r, "kind")),
                              str(r, "by"),
                              Instant.parse(str(r, "at")))),
              new DecisionHistory(
                  list(h.getAsJsonArray("latest"), e -> readDecision(e.getAsJsonObject())),
                  h.get("older").getAsInt()),
              Instant.parse(str(o, "startedAt")),
              Instant.parse(str(o, "updatedAt")));
        });
  }

  private static JsonObject decision(Decision d) {
    JsonObject o = new JsonObject();
    o.addProperty("time", d.time().toString());
    o.addProperty("kind", d.kind().name());
    o.addProperty("reason", d.reason());
    d.step().ifPresent(v -> o.addProperty("step", v));
    d.weight().ifPresent(v -> o.addProperty("weight", v));
    d.effectiveWeight().ifPresent(v -> o.addProperty("effectiveWeight", v));
    JsonArray ms = new JsonArray();
    d.measurements().forEach(m -> ms.add(measurement(m)));
    o.add("measurements", ms);
    return o;
  }

  private static Decision readDecision(JsonObject o) {
    return new Decision(
        Instant.parse(str(o, "time")),
        Decision.Kind.valueOf(str(o, "kind")),
        str(o, "reason"),
        integer(o, "step"),
        integer(o, "weight"),
        dbl(o, "effectiveWeight"),
        list(o.getAsJsonArray("measurements"), e -> readMeasurement(e.getAsJsonObject())));
  }

  private static JsonObject measurement(Measurement m) {
    JsonObject o = new JsonObject();
    o.addProperty("metric", m.metric());
    o.addProperty("evaluatedAt", m.evaluatedAt().toString());
    o.addProperty("outcome", m.outcome().name());
    o.addProperty("canaryQuery", m.canaryQuery());
    m.stableQuery().ifPresent(v -> o.addProperty("stableQuery", v));
    m.canary().ifPresent(v -> o.add("canary", number(v)));
    m.stable().ifPresent(v -> o.add("stable", number(v)));
    m.sampleCount().ifPresent(v -> o.add("sampleCount", number(v)));
    o.addProperty("threshold", m.threshold());
    o.add("warnings", GSON.toJsonTree(m.warnings()));
    o.addProperty("sentence", m.sentence());
    m.errorKind().ifPresent(k -> o.addProperty("errorKind", k.name()));
    return o;
  }

  private static Measurement readMeasurement(JsonObject o) {
    List<String> warnings = list(o.getAsJsonArray("warnings"), JsonElement::getAsString);
    return new Measurement(
        str(o, "metric"),
        Instant.parse(str(o, "evaluatedAt")),
        Outcome.valueOf(str(o, "outcome")),
        str(o, "canaryQuery"),
        opt(o, "stableQuery"),
        readNumber(o, "canary"),
        readNumber(o, "stable"),
        readNumber(o, "sampleCount"),
        str(o, "threshold"),
        warnings,
        str(o, "sentence"),
        opt(o, "errorKind").map(MetricQueryException.Kind::valueOf));
  }

  // ---- helpers ----

  /** NaN and infinities are kept, as strings, so the JSON stays standard. */
  private static JsonElement number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return new JsonPrimitive(Double.toString(v));
    }
    return new JsonPrimitive(v);
  }

  private static OptionalDouble readNumber(JsonObject o, String key) {
    if (!o.has(key) || o.get(key).isJsonNull()) {
      return OptionalDouble.empty();
    }
    JsonPrimitive p = o.getAsJsonPrimitive(key);
    return OptionalDouble.of(p.isString() ? Double.parseDouble(p.getAsString()) : p.getAsDouble());
  }

  private static <T> T read(String json, String what, Function<JsonObject, T> reader) {
    try {
      return reader.apply(GSON.fromJson(json, JsonObject.class));
    } catch (RuntimeException e) {
      throw new UnreadableStateException(
          "the saved " + what + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static String str(JsonObject o, String key) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      throw new JsonParseException("'" + key + "' is missing");
    }
    return e.getAsString();
  }

  private static Optional<String> opt(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? Optional.empty() : Optional.of(e.getAsString());
  }

  private static OptionalDouble dbl(JsonObject o, String key) {
    return readNumber(o, key);
  }

  private static OptionalInt integer(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? OptionalInt.empty() : OptionalInt.of(e.getAsInt());
  }

  private static Map<String, String> stringMap(JsonObject o) {
    Map<String, String> out = new TreeMap<>();
    if (o != null) {
      o.entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
    }
    return out;
  }

  private static <T> List<T> list(JsonArray a, Function<JsonElement, T> f) {
    List<T> out = new ArrayList<>();
    if (a != null) {
      a.forEach(e -> out.add(f.apply(e)));
    }
    return out;
  }
}
