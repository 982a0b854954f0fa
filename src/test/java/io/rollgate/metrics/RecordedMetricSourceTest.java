package io.rollgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.QueryResult;
import io.rollgate.analysis.RangeFetch;
import io.rollgate.analysis.Reading;
import io.rollgate.analysis.Sample;
import io.rollgate.analysis.Series;
import io.rollgate.analysis.Track;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordedMetricSourceTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:30Z");
  private static final Duration STEP = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static RecordedWindow window() {
    Series s =
        new Series(
            Map.of("job", "checkout"),
            List.of(
                new Sample(T0, 0.001),
                new Sample(T0.plus(STEP), Double.NaN),
                new Sample(T0.plusSeconds(60), Double.POSITIVE_INFINITY),
                new Sample(T0.plusMillis(90_250), 0.5)));
    QueryResult matrix =
        new QueryResult(
            QueryResult.Type.MATRIX, List.of(s), Optional.empty(), List.of("partial response"));
    RangeFetch ok =
        new RangeFetch(
            "error-rate",
            RangeFetch.Role.VALUE,
            Track.CANARY,
            "rate{track=\"canary\"}",
            Optional.of(matrix),
            Optional.empty());
    RangeFetch bad =
        new RangeFetch(
            "p99",
            RangeFetch.Role.VALUE,
            Track.STABLE,
            "p99{track=\"stable\"}",
            Optional.empty(),
            Optional.of(
                new Reading.Failed(MetricQueryException.Kind.QUERY_FAILED, "execution: timeout")));
    return new RecordedWindow(
        "checkout", T0.minus(STEP), T0.plusSeconds(120), STEP, List.of(ok, bad));
  }

  @Test
  void aSavedRecordingReadsBackTheSame() throws Exception {
    // Given a recording with NaN, +Inf, a millisecond timestamp, a warning and a failed query
    Path file = dir.resolve("rec.json");
    // When it is saved and loaded
    RecordedMetricSource.save(file, window());
    RecordedWindow back = RecordedMetricSource.load(file).window();
    // Then every fact survives
    assertThat(back).isEqualTo(window());
    assertThat(Files.readString(file))
        .contains("\"format\": \"rollgate-recording/v1\"", "\"NaN\"", "\"+Inf\"");
  }

  @Test
  void replaysRangeQueriesCutToTheWindow() throws Exception {
    RecordedMetricSource source = new RecordedMetricSource(window());

    QueryResult range =
        source.queryRange("rate{track=\"canary\"}", T0.plus(STEP), T0.plusSeconds(60), STEP);

    assertThat(range.series().get(0).samples())
        .containsExactly(
            new Sample(T0.plus(STEP), Double.NaN),
            new Sample(T0.plusSeconds(60), Double.POSITIVE_INFINITY));
    assertThat(range.warnings()).containsExactly("partial response");
  }

  @Test
  void answersNoInstantQueries() {
    RecordedMetricSource source = new RecordedMetricSource(window());

    assertThatThrownBy(() -> source.query("rate{track=\"canary\"}", T0))
        .isInstanceOf(MetricQueryException.class)
        .hasMessageContaining("range queries only");
  }

  @Test
  void replaysARecordedFailureWithItsKind() {
    RecordedMetricSource source = new RecordedMetricSource(window());

    assertThatThrownBy(
            () -> source.queryRange("p99{track=\"stable\"}", T0, T0.plusSeconds(60), STEP))
        .isInstanceOf(MetricQueryException.class)
        .hasMessage("execution: timeout");
  }

  @Test
  void aQueryTheRecordingLacksIsABadQuery() {
    RecordedMetricSource source = new RecordedMetricSource(window());

    assertThatThrownBy(() -> source.queryRange("other", T0, T0.plusSeconds(60), STEP))
        .isInstanceOfSatisfying(
            MetricQueryException.class,
            e -> assertThat(e.kind()).isEqualTo(MetricQueryException.Kind.BAD_QUERY));
  }

  @Test
  void aFileThatIsNotARecordingSaysSo() throws Exception {
    Path file = Files.writeString(dir.resolve("x.json"), "{\"format\": \"something-else\"}");

    assertThatThrownBy(() -> RecordedMetricSource.load(file))
        .isInstanceOf(RecordedFileException.class)
        .hasMessageContaining("format: is 'something-else'");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a time that is not RFC 3339 | \"from\": \"2026-01-01T00:00:00Z\" | \"from\": \"yesterday\""
            + " | from: 'yesterday' is not a UTC time",
        "a zero step | \"stepSeconds\": 30 | \"stepSeconds\": 0 | stepSeconds: 0 is not a positive",
        "a step as text | \"stepSeconds\": 30 | \"stepSeconds\": \"30s\" | stepSeconds: missing",
        "to before from | \"to\": \"2026-01-01T00:02:30Z\" | \"to\": \"2025-01-01T00:00:00Z\""
            + " | to: 2025-01-01T00:00:00Z is not after from",
        "values that are not an array | \"values\": [ | \"values\": 3, \"x\": [ | queries[0].result:"
            + " result[].values is not an array",
        "an unknown track | \"track\": \"canary\" | \"track\": \"blue\" | queries[0].track: 'blue'"
            + " is none of [canary, stable]",
        "a value that is not a number | \"0.001\" | \"lots\" | queries[0].result: result[].values[]:"
            + " 'lots' is not a number",
        "queries as a number | \"queries\": [ | \"queries\": 1, \"x\": [ | queries: missing or not an"
            + " array",
        "text that is not JSON | \"queries\": [ | \"queries\": [[ | (file): not JSON: "
      })
  void aMalformedRecordingIsARecordedFileExceptionNamingTheField(
      String name, String from, String to, String message) throws Exception {
    // Given a saved recording with one field broken
    Path file = dir.resolve("rec.json");
    RecordedMetricSource.save(file, window());
    String json = Files.readString(file);
    assertThat(json).contains(from);
    Files.writeString(file, json.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));
    // When it is loaded
    // Then the failure is a RecordedFileException naming the field, never a parser's own type
    assertThatThrownBy(() -> RecordedMetricSource.load(file))
        .isInstanceOf(RecordedFileException.class)
        .hasMessageContaining(message)
        .message()
        .doesNotContain("com.google.gson");
  }

  @Test
  void timestampsAreWrittenInPlainSeconds() throws Exception {
    Path file = dir.resolve("rec.json");

    RecordedMetricSource.save(file, window());

    assertThat(Files.readString(file))
        .contains("1767225630,", "1767225720.25,", "\"stepSeconds\": 30,")
        .doesNotContain("E+9");
  }

  @Test
  void readsTimestampsInTheOlderScientificForm() throws Exception {
    Path file = dir.resolve("rec.json");
    RecordedMetricSource.save(file, window());
    Files.writeString(file, Files.readString(file).replace("1767225630,", "1.76722563E+9,"));

    assertThat(RecordedMetricSource.load(file).window()).isEqualTo(window());
  }
}
