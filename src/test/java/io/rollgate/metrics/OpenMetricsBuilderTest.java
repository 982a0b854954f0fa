package io.rollgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenMetricsBuilderTest {
  private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000);

  @Test
  void writesCountersAsRateTimesElapsedSeconds() {
    String text =
        new OpenMetricsBuilder()
            .counter(
                "req_total",
                Map.of("code", "500"),
                0.5,
                T0,
                T0.plusSeconds(30),
                Duration.ofSeconds(15))
            .build();

    assertThat(text)
        .isEqualTo(
            "# TYPE req counter\n"
                + "req_total{code=\"500\"} 0 1700000000\n"
                + "req_total{code=\"500\"} 7.5 1700000015\n"
                + "req_total{code=\"500\"} 15 1700000030\n"
                + "# EOF\n");
  }

  @Test
  void keepsAHistogramsBucketsCountAndSumTogetherPerTimestamp() {
    String text =
        new OpenMetricsBuilder()
            .histogram(
                "lat",
                Map.of(),
                Map.of(0.1, 2.0),
                1.0,
                T0,
                T0.plusSeconds(10),
                Duration.ofSeconds(10))
            .build();

    assertThat(text)
        .isEqualTo(
            "# TYPE lat histogram\n"
                + "lat_bucket{le=\"0.1\"} 0 1700000000\n"
                + "lat_bucket{le=\"+Inf\"} 0 1700000000\n"
                + "lat_count 0 1700000000\n"
                + "lat_sum 0 1700000000\n"
                + "lat_bucket{le=\"0.1\"} 20 1700000010\n"
                + "lat_bucket{le=\"+Inf\"} 20 1700000010\n"
                + "lat_count 20 1700000010\n"
                + "lat_sum 10 1700000010\n"
                + "# EOF\n");
  }

  @Test
  void escapesLabelValuesTheOpenMetricsWay() {
    assertThat(OpenMetricsBuilder.labelText(Map.of("v", "a\"b\\c\nd")))
        .isEqualTo("{v=\"a\\\"b\\\\c\\nd\"}");
  }

  @Test
  void writesSpecialValuesAsOpenMetricsSpellsThem() {
    assertThat(OpenMetricsBuilder.number(Double.NaN)).isEqualTo("NaN");
    assertThat(OpenMetricsBuilder.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(OpenMetricsBuilder.number(0.25)).isEqualTo("0.25");
  }
}
