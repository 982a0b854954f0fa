package io.rollgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.analysis.QueryResult;
import io.rollgate.analysis.Series;
import io.rollgate.pipeline.PrometheusSpec;
import io.rollgate.query.QueryTemplate;
import io.rollgate.retry.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Property: for many generated label values, a rendered matcher (string or regex, each quoting
 * style) selects exactly the one series whose label holds that literal value on a real Prometheus.
 */
class EscapingIT {
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant AT = FROM.plus(Duration.ofMinutes(5));
  private static final long SEED = 20261122L;
  private static final List<String> VALUES = values();

  @RegisterExtension
  static final PrometheusServer.Extension prometheus =
      PrometheusServer.extension(EscapingIT::fixture);

  @Test
  void everyRenderedMatcherSelectsExactlyTheSeriesWithThatLiteralValue() throws Exception {
    try (PrometheusClient client = client()) {
      everyMatcherSelectsItsSeries(client);
    }
  }

  private static void everyMatcherSelectsItsSeries(PrometheusClient client) throws Exception {
    List<String> templates =
        List.of(
            "x{v=\"{{val}}\"}",
            "x{v='{{val}}'}",
            "x{v=`{{val}}`}",
            "x{v=~\"{{val}}\"}",
            "x{v=~'{{val}}'}",
            "x{v=~`{{val}}`}");
    SoftAssertions softly = new SoftAssertions();
    int checked = 0;
    for (int i = 0; i < VALUES.size(); i++) {
      String value = VALUES.get(i);
      for (String template : templates) {
        if (template.contains("`") && value.contains("`")) {
          continue; // a raw string cannot hold a backtick: render refuses (QueryTemplateTest)
        }
        String selector = QueryTemplate.parse(template).render(Map.of("val", value));

        QueryResult count = client.query("count(" + selector + ")", AT);
        QueryResult selected = client.query(selector, AT);

        softly
            .assertThat(values(count))
            .as("count of %s for value #%d %s", template, i, printable(value))
            .containsExactly(1.0);
        softly
            .assertThat(selected.series())
            .as("%s for value #%d %s", template, i, printable(value))
            .extracting(s -> s.labels().get("v"), s -> s.samples().get(0).value())
            .containsExactly(org.assertj.core.groups.Tuple.tuple(value, (double) i));
        checked++;
      }
    }
    softly.assertAll();
    assertThat(checked).isGreaterThan(VALUES.size() * 5);
  }

  @Test
  void aNegatedRegexMatcherLeavesOutExactlyThatSeries() throws Exception {
    try (PrometheusClient client = client()) {
      everyNegatedMatcherLeavesItsSeriesOut(client);
    }
  }

  private static void everyNegatedMatcherLeavesItsSeriesOut(PrometheusClient client)
      throws Exception {
    QueryTemplate template = QueryTemplate.parse("count(x{v!~\"{{val}}\"})");
    SoftAssertions softly = new SoftAssertions();
    for (int i = 0; i < VALUES.size(); i += 7) {
      String value = VALUES.get(i);

      QueryResult count = client.query(template.render(Map.of("val", value)), AT);

      softly
          .assertThat(values(count))
          .as("value #%d %s", i, printable(value))
          .containsExactly((double) VALUES.size() - 1);
    }
    softly.assertAll();
  }

  private static PrometheusClient client() {
    PrometheusSpec spec =
        new PrometheusSpec(
            prometheus.baseUri().toString(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            false,
            Duration.ofSeconds(10));
    return new PrometheusClient(spec, Map.of(), Backoff.fixed(1, Duration.ZERO), d -> {});
  }

  private static String fixture() {
    OpenMetricsBuilder om = new OpenMetricsBuilder();
    for (int i = 0; i < VALUES.size(); i++) {
      om.gauge(
          "x",
          Map.of("v", VALUES.get(i)),
          i,
          FROM,
          FROM.plus(Duration.ofMinutes(10)),
          Duration.ofMinutes(1));
    }
    return om.build();
  }

  /** Hand-picked attacks plus random strings over an alphabet of quoting and regex trouble. */
  private static List<String> values() {
    Set<String> values =
        new LinkedHashSet<>(
            List.of(
                "\"} or vector(1) #",
                "'} or vector(1) #",
                "`} or vector(1) #",
                "\") or vector(1) or x{v=\"",
                "a\"b",
                "a'b",
                "a`b",
                "a\\b",
                "\\",
                "\\\\",
                "a\\",
                "\\\"",
                "a\nb",
                "\n",
                "a\rb",
                "a\tb",
                ".*",
                ".+",
                "a|b",
                "(a)",
                "[ab]",
                "a{2}",
                "^a$",
                "a-b",
                "[a-z]",
                "?",
                "+",
                "$1",
                "\\Q.\\E",
                "(?i)A",
                "\\d",
                "ü",
                "€uro",
                "😀",
                "日本語",
                "a\u2028b",
                "a\u0001b",
                "# comment",
                " ",
                "{{val}}",
                "}}",
                "{{",
                "a b"));
    String alphabet = "ab\"'`\\\n\r\t{}[]()|.*+?^$-#,=~! üé€😀";
    int[] codePoints = alphabet.codePoints().toArray();
    Random random = new Random(SEED);
    while (values.size() < 160) {
      StringBuilder s = new StringBuilder();
      int length = 1 + random.nextInt(12);
      for (int k = 0; k < length; k++) {
        s.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
      }
      values.add(s.toString());
    }
    return new ArrayList<>(values);
  }

  private static List<Double> values(QueryResult result) {
    return result.series().stream().map(Series::samples).map(s -> s.get(0).value()).toList();
  }

  private static String printable(String value) {
    return value
        .replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t");
  }
}
