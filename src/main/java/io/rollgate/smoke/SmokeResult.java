package io.rollgate.smoke;

import io.rollgate.report.ActionRecord;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every attempt of one smoke check, first to last. {@code target} is the address that was checked,
 * without credentials or query string: a URL, or {@code service NAME:PORT PATH}.
 */
public record SmokeResult(String checkName, String target, List<SmokeAttempt> attempts) {
  public SmokeResult {
    attempts = List.copyOf(attempts);
    if (attempts.isEmpty()) {
      throw new IllegalArgumentException("a smoke result needs at least one attempt");
    }
  }

  public boolean passed() {
    return last().passed();
  }

  public SmokeAttempt last() {
    return attempts.get(attempts.size() - 1);
  }

  /** The check as one entry of the run's record: action {@code smoke}, subject the check's name. */
  public ActionRecord toActionRecord() {
    SmokeAttempt first = attempts.get(0);
    SmokeAttempt last = last();
    Duration took = Duration.between(first.started(), last.started().plus(last.latency()));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("target", target);
    details.put("attempts", attempts.size());
    last.status().ifPresent(status -> details.put("status", status));
    details.put("latencyMs", last.latency().toMillis());
    details.put("body", last.bodyExcerpt());
    String message = passed() ? "passed on attempt " + attempts.size() : last.why();
    ActionRecord.Outcome outcome = passed() ? ActionRecord.Outcome.OK : ActionRecord.Outcome.FAILED;
    return new ActionRecord("smoke", checkName, first.started(), took, outcome, message, details);
  }
}
