package io.rollgate.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rollgate.analysis.Measurement;
import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.Outcome;
import io.rollgate.analysis.Verdict;
import io.rollgate.canary.Decision;
import io.rollgate.canary.DecisionRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class DecisionRecordTest {
  private static final Instant AT = Instant.parse("2026-11-22T03:00:00Z");

  private static Measurement failed() {
    return new Measurement(
        "error-rate",
        AT,
        Outcome.FAILED,
        "rate{track=\"canary\"}",
        Optional.of("rate{track=\"stable\"}"),
        OptionalDouble.of(0.083),
        OptionalDouble.of(0.002),
        OptionalDouble.empty(),
        "max 0.01",
        List.of("partial"),
        "error-rate 0.083 > max 0.01 (canary), stable 0.002",
        Optional.empty());
  }

  private static Measurement infiniteError() {
    return new Measurement(
        "p99",
        AT,
        Outcome.ERROR,
        "q",
        Optional.empty(),
        OptionalDouble.of(Double.POSITIVE_INFINITY),
        OptionalDouble.empty(),
        OptionalDouble.of(Double.NaN),
        "max 0.5",
        List.of(),
        "p99: query failed",
        Optional.of(MetricQueryException.Kind.UNAVAILABLE));
  }

  @Test
  void appendingGivesANewRecordAndLeavesTheOldOneAlone() {
    DecisionRecord empty = DecisionRecord.empty();

    DecisionRecord one =
        empty.plus(Decision.of(AT, Verdict.rollback("2 failed"), List.of(failed())));

    assertThat(empty.decisions()).isEmpty();
    assertThat(one.decisions()).hasSize(1);
    assertThat(one.decisions().get(0).kind()).isEqualTo(Decision.Kind.ROLLBACK);
  }

  @Test
  void writesEveryFactOfAMeasurementAsJson() {
    DecisionRecord record =
        DecisionRecord.empty()
            .plus(Decision.of(AT, Verdict.rollback("2 failed"), List.of(failed())).at(1, 10));

    JsonObject d =
        JsonParser.parseString(DecisionJson.toJson(record))
            .getAsJsonObject()
            .getAsJsonArray("decisions")
            .get(0)
            .getAsJsonObject();
    JsonObject m = d.getAsJsonArray("measurements").get(0).getAsJsonObject();

    assertThat(d.get("kind").getAsString()).isEqualTo("rollback");
    assertThat(d.get("step").getAsInt()).isEqualTo(1);
    assertThat(d.get("weight").getAsInt()).isEqualTo(10);
    assertThat(m.get("outcome").getAsString()).isEqualTo("failed");
    assertThat(m.getAsJsonObject("query").get("stable").getAsString())
        .isEqualTo("rate{track=\"stable\"}");
    assertThat(m.getAsJsonObject("value").get("canary").getAsDouble()).isEqualTo(0.083);
    assertThat(m.get("evaluatedAt").getAsString()).isEqualTo("2026-11-22T03:00:00Z");
    assertThat(m.get("sentence").getAsString())
        .isEqualTo("error-rate 0.083 > max 0.01 (canary), stable 0.002");
    assertThat(m.getAsJsonArray("warnings").get(0).getAsString()).isEqualTo("partial");
    assertThat(m.has("error")).isFalse();
  }

  @Test
  void writesNanAndInfinitiesAsStringsAndTheErrorKind() {
    DecisionRecord record =
        DecisionRecord.empty().plus(Decision.of(AT, Verdict.proceed(), List.of(infiniteError())));

    JsonObject m =
        JsonParser.parseString(DecisionJson.toJson(record))
            .getAsJsonObject()
            .getAsJsonArray("decisions")
            .get(0)
            .getAsJsonObject()
            .getAsJsonArray("measurements")
            .get(0)
            .getAsJsonObject();

    assertThat(m.getAsJsonObject("value").get("canary").getAsString()).isEqualTo("+Inf");
    assertThat(m.get("sampleCount").getAsString()).isEqualTo("NaN");
    assertThat(m.get("error").getAsString()).isEqualTo("unavailable");
  }

  @Test
  void aRejectedQueryStopsTheAnalysis() {
    assertThat(Decision.of(AT, Verdict.badQuery("422"), List.of()).kind())
        .isEqualTo(Decision.Kind.STOP);
  }
}
