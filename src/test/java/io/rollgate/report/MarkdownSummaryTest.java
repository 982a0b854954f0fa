package io.rollgate.report;

import static io.rollgate.report.MarkdownFixtures.after;
import static io.rollgate.report.MarkdownFixtures.interval;
import static io.rollgate.report.MarkdownFixtures.maxMetric;
import static io.rollgate.report.MarkdownFixtures.measurement;
import static io.rollgate.report.MarkdownFixtures.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.analysis.Outcome;
import io.rollgate.analysis.Verdict;
import io.rollgate.analysis.WindowResult;
import io.rollgate.canary.Decision;
import io.rollgate.canary.DecisionRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MarkdownSummaryTest {
  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-01-01T10:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void aFailedStagingRunShowsOutcomeExitCodeEveryActionAndTheNotes() {
    // Given a staging run that applied a Deployment and then failed a smoke check
    ManualClock clock = new ManualClock();
    RunReport report = new RunReport("run", "checkout", clock);
    Instant t = clock.now;
    report.add(
        new ActionRecord(
            "apply",
            "Deployment/checkout-staging/checkout",
            t,
            Duration.ofMillis(120),
            ActionRecord.Outcome.OK,
            "created",
            Map.of()));
    report.add(
        new ActionRecord(
            "smoke",
            "health",
            t,
            Duration.ofMillis(2500),
            ActionRecord.Outcome.FAILED,
            "status 503 | expected 200",
            Map.of("attempts", 5)));
    report.note("production stage skipped: --stage staging");
    clock.now = t.plusSeconds(65);
    report.finish(3, "failed", "smoke check health failed");

    // When rendered
    String md = MarkdownSummary.of(report);

    // Then
    assertThat(md)
        .isEqualTo(
            "## ❌ rollgate run checkout: failed (exit 3)\n\n"
                + "smoke check health failed\n\n"
                + "Started 2026-01-01T10:00:00Z, took 1m 5s.\n\n"
                + "| action | subject | outcome | took | message |\n"
                + "|---|---|---|---|---|\n"
                + "| apply | Deployment/checkout-staging/checkout | ok | 120 ms | created |\n"
                + "| smoke | health | failed | 2.5 s | status 503 \\| expected 200 |\n"
                + "\n**Notes**\n\n"
                + "- production stage skipped: --stage staging\n");
  }

  @Test
  void aHealthyRunWithoutActionsSaysSo() {
    RunReport report = new RunReport("demo", "demo", new ManualClock());
    report.finish(0, "staging-healthy", "");

    String md = MarkdownSummary.of(report);

    assertThat(md).startsWith("## ✅ rollgate demo demo: staging-healthy (exit 0)\n\nStarted ");
    assertThat(md).contains("No actions were taken.");
  }

  @Test
  void aRolledBackWindowShowsTheVerdictDecisionsLastMeasurementsAndAChart() {
    // Given three intervals of error-rate (max 0.01): two fine, then a breach that rolls back, then
    // one more
    Verdict rollback = Verdict.rollback("2 failed measurements, more than failureLimit 1");
    WindowResult result =
        window(
            rollback,
            interval(
                1,
                Verdict.proceed(),
                measurement("error-rate", 1, Outcome.SUCCESSFUL, OptionalDouble.of(0.001))),
            interval(
                2,
                Verdict.proceed(),
                measurement("error-rate", 2, Outcome.SUCCESSFUL, OptionalDouble.of(0.004))),
            interval(
                3, rollback, measurement("error-rate", 3, Outcome.FAILED, OptionalDouble.of(0.05))),
            after(4, measurement("error-rate", 4, Outcome.FAILED, OptionalDouble.of(0.08))));

    // When rendered
    String md = MarkdownSummary.of("checkout", result, List.of(maxMetric("error-rate", 0.01)));

    // Then the heading has the verdict in words, the continues are folded, the last measurement is
    // the deciding one
    assertThat(md)
        .startsWith(
            "## ❌ rollgate analyze checkout: would roll back at 2026-01-01T00:01:30Z (interval"
                + " #3)\n\n"
                + "2 failed measurements, more than failureLimit 1.\n\n"
                + "Window 2026-01-01T00:00:00Z .. 2026-01-01T00:02:00Z, step 30s, 4 intervals, 1"
                + " metrics.\n\n")
        .contains(
            "| interval | time | decision | reason |\n"
                + "|---|---|---|---|\n"
                + "| #1 – #2 | 2026-01-01T00:00:30Z – 2026-01-01T00:01:00Z | continue | no limit"
                + " breached |\n"
                + "| #3 | 2026-01-01T00:01:30Z | rollback | 2 failed measurements, more than"
                + " failureLimit 1 |\n")
        .contains(
            "### Measurements at interval #3 (2026-01-01T00:01:30Z)\n\n"
                + "| metric | canary | stable | threshold | outcome | why |\n"
                + "|---|---|---|---|---|---|\n"
                + "| error-rate | 0.05 |  | max 0.01 | ❌ failed | error-rate at interval 3 was"
                + " FAILED |\n"
                + "\n<details><summary>Rendered queries</summary>\n\n"
                + "| metric | canary query | stable query |\n"
                + "|---|---|---|\n"
                + "| error-rate | sum(rate(x{track=\"canary\"}[1m])) |  |\n"
                + "\n</details>\n")
        .endsWith(
            "### Canary value per interval\n\n"
                + "```mermaid\n"
                + "xychart-beta\n"
                + "  title \"error-rate: canary per interval\"\n"
                + "  x-axis \"interval\" [1, 2, 3, 4]\n"
                + "  y-axis \"error-rate\"\n"
                + "  line \"canary\" [0.001, 0.004, 0.05, 0.08]\n"
                + "  line \"max 0.01\" [0.01, 0.01, 0.01, 0.01]\n"
                + "```\n"
                + "_error-rate: lines: canary, max 0.01._\n\n");
  }

  @Test
  void theVerdictIsSaidInWords() {
    var m = measurement("p99", 1, Outcome.INCONCLUSIVE, OptionalDouble.empty());
    Verdict inconclusive = Verdict.inconclusive("3 inconclusive measurements");

    assertThat(MarkdownSummary.verdict(window(Verdict.pass("no limit breached"), after(1, m))))
        .isEqualTo("would promote");
    assertThat(MarkdownSummary.verdict(window(inconclusive, interval(1, inconclusive, m))))
        .isEqualTo("inconclusive at 2026-01-01T00:00:30Z (interval #1), would wait for a person");
  }

  @Test
  void aDecisionRecordIsATableOfStepWeightDecisionAndReason() {
    Instant t = Instant.parse("2026-01-01T10:00:00Z");
    DecisionRecord record =
        DecisionRecord.empty()
            .plus(
                new Decision(
                    t,
                    Decision.Kind.ADVANCE,
                    "analysis passed",
                    OptionalInt.of(1),
                    OptionalInt.of(10),
                    List.of()))
            .plus(Decision.rollback(t.plusSeconds(60), "error-rate 0.08 > max 0.01"));

    String md = MarkdownSummary.decisions(record);

    assertThat(md)
        .isEqualTo(
            "| time | step | weight | decision | reason |\n"
                + "|---|---|---|---|---|\n"
                + "| 2026-01-01T10:00:00Z | 1 | 10% | advance | analysis passed |\n"
                + "| 2026-01-01T10:01:00Z |  |  | rollback | error-rate 0.08 > max 0.01 |\n");
  }

  @Test
  void tookReadsLikeAPersonWouldSayIt() {
    assertThat(MarkdownSummary.took(Duration.ofMillis(350))).isEqualTo("350 ms");
    assertThat(MarkdownSummary.took(Duration.ofMillis(2400))).isEqualTo("2.4 s");
    assertThat(MarkdownSummary.took(Duration.ofSeconds(185))).isEqualTo("3m 5s");
    assertThat(MarkdownSummary.took(Duration.ofMinutes(62))).isEqualTo("1h 2m");
  }
}
