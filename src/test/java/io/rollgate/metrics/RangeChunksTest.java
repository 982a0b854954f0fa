package io.rollgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.analysis.QueryResult;
import io.rollgate.analysis.Sample;
import io.rollgate.analysis.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RangeChunksTest {
  private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000);
  private static final Duration STEP = Duration.ofSeconds(30);

  @Test
  void keepsARangeWithinTheLimitWhole() {
    assertThat(RangeChunks.split(T0, T0.plus(STEP.multipliedBy(9)), STEP, 10))
        .containsExactly(new RangeChunks.Chunk(T0, T0.plus(STEP.multipliedBy(9))));
  }

  @Test
  void splitsALongRangeOnTheSameGridWithoutGapsOrOverlaps() {
    // 25 points, at most 10 per piece
    List<RangeChunks.Chunk> chunks =
        RangeChunks.split(T0, T0.plus(STEP.multipliedBy(24)), STEP, 10);

    assertThat(chunks)
        .containsExactly(
            new RangeChunks.Chunk(T0, T0.plus(STEP.multipliedBy(9))),
            new RangeChunks.Chunk(T0.plus(STEP.multipliedBy(10)), T0.plus(STEP.multipliedBy(19))),
            new RangeChunks.Chunk(T0.plus(STEP.multipliedBy(20)), T0.plus(STEP.multipliedBy(24))));
  }

  @Test
  void joinsEachSeriesAcrossPiecesAndKeepsWarningsOnce() {
    QueryResult first =
        new QueryResult(
            QueryResult.Type.MATRIX,
            List.of(series("canary", 1, 2)),
            Optional.empty(),
            List.of("w"));
    QueryResult second =
        new QueryResult(
            QueryResult.Type.MATRIX,
            List.of(series("stable", 3), series("canary", 4)),
            Optional.empty(),
            List.of("w"));

    QueryResult merged = RangeChunks.merge(List.of(first, second));

    assertThat(merged.series()).containsExactly(series("canary", 1, 2, 4), series("stable", 3));
    assertThat(merged.warnings()).containsExactly("w");
  }

  private static Series series(String track, long... seconds) {
    List<Sample> samples =
        java.util.Arrays.stream(seconds).mapToObj(s -> new Sample(T0.plusSeconds(s), s)).toList();
    return new Series(Map.of("track", track), samples);
  }
}
