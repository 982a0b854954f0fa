package io.rollgate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "30s, PT30S",
    "5m, PT5M",
    "1h, PT1H",
    "1h30m, PT1H30M",
    "2m30s, PT2M30S",
    "1h0m5s250ms, PT1H5.25S",
    "0s, PT0S"
  })
  void readsEveryUnitAndCombinationsFromTheLargestDown(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5 minutes", "1.5h", "30m1h", "-5s", "5d", "1h 30m", "ms"})
  void rejectsAnythingElseNamingTheText(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad duration '" + text + "', use e.g. 500ms, 30s, 5m, 1h or 1h30m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"480h1ms", "481h", "1000000000h", "99999999999999999999h", "28801m"})
  void refusesAnythingLongerThan480h(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duration '" + text + "' is too long: at most 480h");
  }

  @org.junit.jupiter.api.Test
  void readsUpTo480hInAnyUnit() {
    assertThat(Durations.parse("480h")).isEqualTo(Durations.MAX);
    assertThat(Durations.parse("28800m")).isEqualTo(Durations.MAX);
    assertThat(Durations.parse("1728000000ms")).isEqualTo(Durations.MAX);
  }

  @org.junit.jupiter.api.Test
  void aLongBadDurationIsQuotedShort() {
    assertThatThrownBy(() -> Durations.parse("x".repeat(100_000)))
        .hasMessage("bad duration '" + "x".repeat(80) + "…', use e.g. 500ms, 30s, 5m, 1h or 1h30m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "30s", "5m", "1h", "1h30m", "2m30s", "1h5s250ms", "0s"})
  void formatReadsBackAsTheSameDuration(String text) {
    assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
  }
}
