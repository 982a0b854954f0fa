package io.rollgate.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rollgate.analysis.AnalysisCounts;
import io.rollgate.analysis.Numbers;
import io.rollgate.canary.CanaryEngine;
import io.rollgate.canary.CanaryPlan;
import io.rollgate.canary.CanaryState;
import io.rollgate.canary.Decision;
import io.rollgate.canary.Next;
import io.rollgate.pipeline.Durations;
import io.rollgate.pipeline.StepSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code rollgate status} shows of a saved canary: phase, step n/N, asked and effective
 * weight, the counts, the latest decisions with their numbers, when the next action is due, and who
 * holds the Lease. Text for people, JSON for scripts.
 */
public final class CanaryStatus {
  private static final int DECISIONS_SHOWN = 5;

  /** Who holds the pipeline's Lease now, if anyone. */
  public record LeaseView(String holder, Instant expires) {}

  private final CanaryPlan plan;
  private final CanaryState state;
  private final Optional<LeaseView> lease;
  private final Instant now;

  public CanaryStatus(CanaryPlan plan, CanaryState state, Optional<LeaseView> lease, Instant now) {
    this.plan = plan;
    this.state = state;
    this.lease = lease;
    this.now = now;
  }

  /** When the next action is due and what it is, or why nothing will happen on its own. */
  public String next() {
    Next next = CanaryEngine.next(plan, state, now);
    if (next instanceof Next.WaitUntil w) {
      return "due at " + w.at() + ": " + w.why();
    }
    if (next instanceof Next.WaitForPerson p) {
      return "waiting for a person: " + p.why();
    }
    if (next instanceof Next.Finished) {
      return "none: the canary is over";
    }
    if (next instanceof Next.Measure m) {
      return "due now: measure "
          + m.intervals()
          + " interval"
          + (m.intervals() == 1 ? "" : "s")
          + " through "
          + m.through();
    }
    if (next instanceof Next.ApplyWeight w) {
      return "due now: weight " + w.weight() + "%";
    }
    if (next instanceof Next.Promote) {
      return "due now: the promotion";
    }
    if (next instanceof Next.RollBack r) {
      return "due now: the rollback (" + r.reason() + ")";
    }
    return "due now: the next step";
  }

  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append("pipeline ")
        .append(plan.pipeline())
        .append(" in namespace ")
        .append(plan.namespace())
        .append(": revision ")
        .append(plan.revision())
        .append(", ")
        .append(state.phase().label());
    if (!state.reason().isEmpty()) {
      sb.append(" (").append(state.reason()).append(')');
    }
    sb.append('\n');
    sb.append("  step:     ").append(stepText()).append('\n');
    sb.append("  weight:   ")
        .append(state.askedWeight())
        .append("% asked, ")
        .append(Numbers.format(state.effectiveWeight()))
        .append("% effective (")
        .append(state.canaryReplicas())
        .append(" canary, ")
        .append(state.stableReplicas())
        .append(" stable pods)\n");
    sb.append("  analysis: ").append(analysisText()).append('\n');
    sb.append("  next:     ").append(next()).append('\n');
    sb.append("  lock:     ")
        .append(lease.map(l -> "held by " + l.holder() + " until " + l.expires()).orElse("free"))
        .append('\n');
    state
        .request()
        .ifPresent(
            r -> sb.append("  request:  ").append(r.describe()).append(" (not acted on yet)\n"));
    List<Decision> latest = state.history().latest();
    sb.append("  decisions (latest ")
        .append(Math.min(DECISIONS_SHOWN, latest.size()))
        .append(" of ")
        .append(state.history().total())
        .append("):\n");
    for (Decision d : latest.subList(Math.max(0, latest.size() - DECISIONS_SHOWN), latest.size())) {
      sb.append("    ").append(d.time()).append("  ").append(CanaryLines.decision(d)).append('\n');
      d.measurements().forEach(m -> sb.append("        ").append(m.sentence()).append('\n'));
    }
    return sb.toString();
  }

  private String stepText() {
    int n = plan.steps().size();
    if (state.stepIndex() >= n) {
      return "all " + n + " steps done";
    }
    return state.stepNumber()
        + " of "
        + n
        + " ("
        + describe(plan.steps().get(state.stepIndex()))
        + "), since "
        + state.stepStartedAt();
  }

  private static String describe(StepSpec s) {
    if (s instanceof StepSpec.SetWeight w) {
      return "setWeight " + w.weight();
    }
    if (s instanceof StepSpec.Analysis a) {
      return "analysis " + Durations.format(a.duration());
    }
    StepSpec.Pause p = (StepSpec.Pause) s;
    return p.duration().map(d -> "pause " + Durations.format(d)).orElse("pause until promoted");
  }

  private String analysisText() {
    if (state.analysisStartedAt().isEmpty()) {
      return "not started (it starts with the first weight)";
    }
    AnalysisCounts c = state.counts();
    return "every "
        + Durations.format(plan.analysis().interval())
        + " since "
        + state.analysisStartedAt().get()
        + ", measured through "
        + state.measuredThrough().map(Object::toString).orElse("-")
        + "; "
        + c.totalFailures()
        + " failed, "
        + c.totalInconclusives()
        + " inconclusive, "
        + c.totalErrors()
        + " errors";
  }

  public String json() {
    JsonObject o = new JsonObject();
    o.addProperty("pipeline", plan.pipeline());
    o.addProperty("namespace", plan.namespace());
    o.addProperty("revision", plan.revision());
    o.addProperty("phase", state.phase().label());
    o.addProperty("reason", state.reason());
    o.addProperty("step", Math.min(state.stepNumber(), plan.steps().size()));
    o.addProperty("steps", plan.steps().size());
    o.addProperty("stepStartedAt", state.stepStartedAt().toString());
    o.addProperty("askedWeight", state.askedWeight());
    o.addProperty("effectiveWeight", state.effectiveWeight());
    o.addProperty("canaryReplicas", state.canaryReplicas());
    o.addProperty("stableReplicas", state.stableReplicas());
    state.analysisStartedAt().ifPresent(t -> o.addProperty("analysisStartedAt", t.toString()));
    state.measuredThrough().ifPresent(t -> o.addProperty("measuredThrough", t.toString()));
    JsonObject counts = new JsonObject();
    state
        .counts()
        .byMetric()
        .forEach(
            (metric, c) -> {
              JsonObject m = new JsonObject();
              m.addProperty("failed", c.failures());
              m.addProperty("inconclusive", c.inconclusives());
              m.addProperty("errors", c.errors());
              m.addProperty("errorsInARow", c.errorsInARow());
              counts.add(metric, m);
            });
    o.add("counts", counts);
    Next next = CanaryEngine.next(plan, state, now);
    JsonObject n = new JsonObject();
    n.addProperty("what", next());
    if (next instanceof Next.WaitUntil w) {
      n.addProperty("dueAt", w.at().toString());
    } else if (!(next instanceof Next.Finished) && !(next instanceof Next.WaitForPerson)) {
      n.addProperty("dueAt", now.toString());
    }
    o.add("next", n);
    JsonObject l = new JsonObject();
    l.addProperty("held", lease.isPresent());
    lease.ifPresent(
        v -> {
          l.addProperty("holder", v.holder());
          l.addProperty("expires", v.expires().toString());
        });
    o.add("lock", l);
    state.request().ifPresent(r -> o.addProperty("request", r.describe()));
    JsonArray decisions = new JsonArray();
    state.history().latest().forEach(d -> decisions.add(DecisionJson.decision(d)));
    o.add("decisions", decisions);
    o.addProperty("olderDecisions", state.history().older());
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o);
  }
}
