package io.rollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.pipeline.AnalysisSpec;
import io.rollgate.pipeline.MetricSpec;
import io.rollgate.pipeline.PrometheusSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A window analysed chunk by chunk ({@link WindowAnalysis#stream}) judges exactly as one range
 * query per query over the whole window ({@link WindowAnalysis#run}): a table of chunk sizes,
 * window lengths, steps, limits and sources with gaps, against a fake source.
 */
class WindowStreamTest {
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final AnalysisContext CONTEXT =
      AnalysisContext.of("checkout", "shop", "checkout", Map.of());
  private static final QueryRenderer PLAIN = (t, vars) -> t.replace("{{track}}", vars.get("track"));

  /**
   * Points of a value that wanders around the threshold, with about one point in {@code 1/gapEvery}
   * missing. {@code ownGrid}: the points sit on a 30 s grid whatever step is asked, between (from -
   * 30 s, to], as a recording answers; otherwise on the asked grid, as Prometheus answers.
   */
  private static final class FakeSource implements MetricSource {
    final List<Instant[]> ranges = Collections.synchronizedList(new ArrayList<>());
    private final int seed;
    private final int gapEvery;
    private final boolean ownGrid;

    FakeSource(int seed, int gapEvery, boolean ownGrid) {
      this.seed = seed;
      this.gapEvery = gapEvery;
      this.ownGrid = ownGrid;
    }

    @Override
    public QueryResult query(String promql, Instant time) {
      throw new AssertionError("a window analysis must not ask instant queries");
    }

    @Override
    public QueryResult queryRange(String promql, Instant from, Instant to, Duration step) {
      ranges.add(new Instant[] {from, to});
      Duration grid = ownGrid ? Duration.ofSeconds(30) : step;
      Instant start = ownGrid ? FROM.plus(grid.multipliedBy(slotsBefore(from, grid))) : from;
      List<Sample> samples = new ArrayList<>();
      for (Instant t = start; !t.isAfter(to); t = t.plus(grid)) {
        long slot = t.getEpochSecond() / 30 * 31 + promql.length() + seed;
        if (gapEvery > 0 && Math.floorMod(slot * 7919, gapEvery) == 0) {
          continue;
        }
        samples.add(new Sample(t, Math.floorMod(slot * 104729, 100) / 1000.0));
      }
      List<Series> series =
          samples.isEmpty() ? List.of() : List.of(new Series(Map.of("q", promql), samples));
      return new QueryResult(QueryResult.Type.MATRIX, series, Optional.empty(), List.of());
    }

    /** The first grid point after {@code from - grid}. */
    private static long slotsBefore(Instant from, Duration grid) {
      return Math.floorDiv(Duration.between(FROM, from).getSeconds(), grid.getSeconds());
    }
  }

  private static AnalysisSpec analysis(Duration step, int failureLimit, int inconclusiveLimit) {
    PrometheusSpec prom =
        new PrometheusSpec(
            "http://127.0.0.1:9090",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            false,
            PrometheusSpec.DEFAULT_TIMEOUT);
    MetricSpec max = Specs.max("error-rate", "errors{track=\"{{track}}\"}", 0.05);
    MetricSpec vs =
        Specs.compare(
            "latency-vs-stable",
            "latency{track=\"{{track}}\"}",
            OptionalDouble.of(3),
            OptionalDouble.empty());
    return new AnalysisSpec(step, failureLimit, inconclusiveLimit, 3, prom, List.of(max, vs));
  }

  static Stream<Arguments> windows() {
    List<Arguments> table = new ArrayList<>();
    int seed = 0;
    for (int chunk : new int[] {1, 2, 3, 7, 10, 64}) {
      for (int intervals : new int[] {1, 2, 9, 10, 11, 40, 101}) {
        for (long stepSeconds : new long[] {30, 60}) {
          for (boolean ownGrid : new boolean[] {false, true}) {
            seed++;
            // limits that settle early, late, or never, and gaps from none to many
            int failureLimit = new int[] {0, 5, 1_000_000}[seed % 3];
            int inconclusiveLimit = new int[] {1, 1_000_000}[seed % 2];
            int gapEvery = new int[] {0, 3, 11}[seed % 3];
            // an end off the step's grid now and then
            long extra = seed % 4 == 0 ? 13 : 0;
            table.add(
                Arguments.of(
                    chunk,
                    intervals,
                    Duration.ofSeconds(stepSeconds),
                    extra,
                    ownGrid,
                    failureLimit,
                    inconclusiveLimit,
                    gapEvery,
                    seed));
          }
        }
      }
    }
    return table.stream();
  }

  @ParameterizedTest(name = "chunk {0}, {1} intervals of {2}, own grid {4}, seed {8}")
  @MethodSource("windows")
  void chunksJudgeEveryIntervalAsOneQueryOverTheWholeWindow(
      int chunk,
      int intervals,
      Duration step,
      long extraSeconds,
      boolean ownGrid,
      int failureLimit,
      int inconclusiveLimit,
      int gapEvery,
      int seed)
      throws Exception {
    // Given a window and a source with gaps
    AnalysisSpec spec = analysis(step, failureLimit, inconclusiveLimit);
    Instant to = FROM.plus(step.multipliedBy(intervals)).plusSeconds(extraSeconds);
    WindowResult whole =
        new WindowAnalysis(spec, PLAIN, Runnable::run)
            .run(new FakeSource(seed, gapEvery, ownGrid), CONTEXT, FROM, to, step);

    // When it is streamed in chunks over the whole window
    FakeSource chunked = new FakeSource(seed, gapEvery, ownGrid);
    FetchedWindow recording = new FetchedWindow();
    List<WindowResult.Interval> streamed = new ArrayList<>();
    Verdict verdict =
        new WindowAnalysis(spec, PLAIN, Runnable::run, chunk)
            .stream(
                chunked,
                CONTEXT,
                FROM,
                to,
                step,
                WindowAnalysis.Extent.WHOLE_WINDOW,
                new WindowAnalysis.Listener() {
                  @Override
                  public void fetched(List<RangeFetch> fetched) {
                    recording.fetched(fetched);
                  }

                  @Override
                  public void interval(WindowResult.Interval interval) {
                    streamed.add(interval);
                  }
                });

    // Then every interval, the verdict and the recording are those of one query
    assertThat(streamed).isEqualTo(whole.intervals());
    assertThat(verdict).isEqualTo(whole.verdict());
    assertThat(recording.fetched()).isEqualTo(whole.fetched());
    // and no range query spans more than one chunk (plus the step before it)
    int queries = 3; // error-rate's canary, latency's canary and stable
    int chunks = (intervals + chunk - 1) / chunk;
    assertThat(chunked.ranges).hasSize(chunks * queries);
    for (Instant[] r : chunked.ranges) {
      assertThat(Duration.between(r[0], r[1]))
          .isLessThanOrEqualTo(step.multipliedBy(chunk).plusSeconds(extraSeconds));
    }
  }

  @ParameterizedTest(name = "chunk {0}, {1} intervals of {2}, own grid {4}, seed {8}")
  @MethodSource("windows")
  void stoppingWhenSettledJudgesTheSameIntervalsUpToTheDecision(
      int chunk,
      int intervals,
      Duration step,
      long extraSeconds,
      boolean ownGrid,
      int failureLimit,
      int inconclusiveLimit,
      int gapEvery,
      int seed)
      throws Exception {
    // Given the same windows
    AnalysisSpec spec = analysis(step, failureLimit, inconclusiveLimit);
    Instant to = FROM.plus(step.multipliedBy(intervals)).plusSeconds(extraSeconds);
    WindowResult whole =
        new WindowAnalysis(spec, PLAIN, Runnable::run)
            .run(new FakeSource(seed, gapEvery, ownGrid), CONTEXT, FROM, to, step);

    // When they are streamed until the verdict settles
    FakeSource chunked = new FakeSource(seed, gapEvery, ownGrid);
    List<WindowResult.Interval> streamed = new ArrayList<>();
    Verdict verdict =
        new WindowAnalysis(spec, PLAIN, Runnable::run, chunk)
            .stream(
                chunked,
                CONTEXT,
                FROM,
                to,
                step,
                WindowAnalysis.Extent.UNTIL_SETTLED,
                streamed::add);

    // Then the intervals up to the deciding one are those of the whole window, the verdict too,
    // and no chunk after the deciding one was asked
    int judged = whole.decidedAt().map(WindowResult.Interval::number).orElse(intervals);
    assertThat(streamed).isEqualTo(whole.intervals().subList(0, judged));
    assertThat(verdict).isEqualTo(whole.verdict());
    assertThat(chunked.ranges).hasSize((judged + chunk - 1) / chunk * 3);
  }
}
