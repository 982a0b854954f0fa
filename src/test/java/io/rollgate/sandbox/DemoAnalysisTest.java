package io.rollgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.analysis.AnalysisRun;
import io.rollgate.analysis.AnalysisTick;
import io.rollgate.analysis.Measurement;
import io.rollgate.analysis.Outcome;
import io.rollgate.analysis.Verdict;
import io.rollgate.pipeline.AnalysisSpec;
import io.rollgate.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo pipeline's analysis limits against the sandbox's pods, with the analysis classes the
 * production canary uses: one tick per interval from the moment the canary's pod is ready, the
 * worst case for data (rate() has none until a pod has served a scrape interval). The stable pods
 * are labelled either long before or at that very moment.
 */
class DemoAnalysisTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant CANARY_READY = T0.plusSeconds(60);
  private static final String HEALTHY = "ghcr.io/acme/checkout:1.4.3";

  private final TestClock clock = new TestClock(T0);
  private final PodHistory history = new PodHistory();
  private final DemoQueries demo = new DemoQueries();
  private final AnalysisSpec analysis = demo.analysis();

  private void givenStableLabelledAt(Instant labelled) {
    for (int i = 0; i < 4; i++) {
      history.ready(PodLife.ready("checkout", "checkout-" + i, PodBehaviour.HEALTHY, T0, ""));
      history.relabel("checkout", "checkout-" + i, labelled, "stable");
    }
  }

  private void givenCanary(String image) {
    history.ready(
        PodLife.ready(
            "checkout",
            "checkout-canary-0",
            PodBehaviour.of(List.of(image)),
            CANARY_READY,
            "canary"));
  }

  /** Ticks every interval from the canary's readiness until a final verdict or {@code ticks}. */
  private List<Verdict> analyse(int ticks) throws InterruptedException {
    clock.advance(Duration.between(clock.instant(), CANARY_READY));
    AnalysisRun run = AnalysisRun.of(analysis);
    AnalysisTick tick =
        new AnalysisTick(
            analysis.metrics(),
            DemoQueries.renderer(),
            new InProcessMetricSource(history, clock),
            Runnable::run,
            clock);
    List<Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < ticks; i++) {
      List<Measurement> measured = tick.measure(demo.context());
      assertThat(measured).extracting(Measurement::outcome).doesNotContain(Outcome.ERROR);
      Verdict verdict = run.record(measured);
      verdicts.add(verdict);
      if (verdict.isFinal()) {
        break;
      }
      clock.advance(analysis.interval());
    }
    return verdicts;
  }

  @ParameterizedTest(name = "stable labelled {0} s before the canary is ready")
  @ValueSource(ints = {60, 0})
  void aHealthyCanaryGoesThroughTheWholeCanary(int labelledBefore) throws Exception {
    givenStableLabelledAt(CANARY_READY.minusSeconds(labelledBefore));
    givenCanary(HEALTHY);

    // The demo's steps keep the analysis running about 10 s: 20 s of ticks is ample
    List<Verdict> verdicts = analyse(10);

    assertThat(verdicts).hasSize(10).allMatch(v -> v.kind() == Verdict.Kind.CONTINUE);
  }

  @ParameterizedTest(name = "stable labelled {0} s before the canary is ready")
  @ValueSource(ints = {60, 0})
  void aFaultyCanaryIsRolledBackWithinTwoIntervalsOfItsPodBecomingReady(int labelledBefore)
      throws Exception {
    givenStableLabelledAt(CANARY_READY.minusSeconds(labelledBefore));
    givenCanary("ghcr.io/acme/checkout:1.4.4-faulty");

    List<Verdict> verdicts = analyse(10);

    assertThat(verdicts).hasSizeLessThanOrEqualTo(3);
    assertThat(verdicts.get(verdicts.size() - 1).kind()).isEqualTo(Verdict.Kind.ROLLBACK);
    assertThat(verdicts.get(verdicts.size() - 1).reason())
        .startsWith("2 failed measurements of error-rate, more than failureLimit 1: ");
  }

  @ParameterizedTest(name = "stable labelled {0} s before the canary is ready")
  @ValueSource(ints = {60, 0})
  void aSlowCanaryIsRolledBackOnItsP99(int labelledBefore) throws Exception {
    givenStableLabelledAt(CANARY_READY.minusSeconds(labelledBefore));
    givenCanary("ghcr.io/acme/checkout:1.4.4-slow");

    List<Verdict> verdicts = analyse(10);

    assertThat(verdicts).hasSizeLessThanOrEqualTo(3);
    assertThat(verdicts.get(verdicts.size() - 1).kind()).isEqualTo(Verdict.Kind.ROLLBACK);
    assertThat(verdicts.get(verdicts.size() - 1).reason()).contains("p99-latency");
  }
}
