package io.rollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadingsTest {
  private static final Instant AT = Instant.parse("2026-11-22T03:00:00Z");

  private static QueryResult vector(Series... series) {
    return new QueryResult(QueryResult.Type.VECTOR, List.of(series), Optional.empty(), List.of());
  }

  private static Series series(String track, Instant time, double value) {
    return new Series(Map.of("track", track), List.of(new Sample(time, value)));
  }

  @Test
  void aSingleSeriesGivesItsValue() {
    assertThat(Readings.of(vector(series("canary", AT, 0.5))))
        .isEqualTo(new Reading.Value(0.5, AT));
  }

  @Test
  void aScalarGivesItsValue() {
    QueryResult scalar =
        new QueryResult(
            QueryResult.Type.SCALAR,
            List.of(new Series(Map.of(), List.of(new Sample(AT, 2)))),
            Optional.empty(),
            List.of());

    assertThat(Readings.of(scalar)).isEqualTo(new Reading.Value(2, AT));
  }

  @Test
  void anEmptyVectorIsNoData() {
    assertThat(Readings.of(vector())).isEqualTo(new Reading.NoData("empty result"));
  }

  @Test
  void nanIsNoData() {
    assertThat(Readings.of(vector(series("canary", AT, Double.NaN))))
        .isInstanceOf(Reading.NoData.class);
  }

  @Test
  void moreThanOneSeriesIsAnErrorAskingToAggregate() {
    Reading r = Readings.of(vector(series("a", AT, 1), series("b", AT, 2), series("c", AT, 3)));

    assertThat(r)
        .isEqualTo(
            new Reading.Failed(
                MetricQueryException.Kind.QUERY_FAILED,
                "query returned 3 series; aggregate with sum() or by()"));
  }

  @Test
  void infinityIsAValue() {
    assertThat(Readings.of(vector(series("canary", AT, Double.POSITIVE_INFINITY))))
        .isEqualTo(new Reading.Value(Double.POSITIVE_INFINITY, AT));
  }

  @Test
  void matrixAndStringResultsAreErrors() {
    QueryResult matrix =
        new QueryResult(
            QueryResult.Type.MATRIX, List.of(series("canary", AT, 1)), Optional.empty(), List.of());
    QueryResult string =
        new QueryResult(QueryResult.Type.STRING, List.of(), Optional.of("hello"), List.of());

    assertThat(Readings.of(matrix)).isInstanceOf(Reading.Failed.class);
    assertThat(Readings.of(string)).isInstanceOf(Reading.Failed.class);
  }
}
