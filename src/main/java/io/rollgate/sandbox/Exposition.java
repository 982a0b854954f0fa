package io.rollgate.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's series at one instant in Prometheus' text exposition format (version 0.0.4): each
 * pod serving at that instant, with the track it carries then. No timestamps: Prometheus stamps
 * samples with its scrape time.
 */
final class Exposition {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private Exposition() {}

  static String render(List<PodLife> lives, Instant now) {
    List<PodLife> serving = lives.stream().filter(l -> l.servesAt(now)).toList();
    StringBuilder out = new StringBuilder(4096);
    out.append("# HELP ")
        .append(PodSeries.REQUESTS)
        .append(" Requests the sandbox's pods served, by status code.\n");
    out.append("# TYPE ").append(PodSeries.REQUESTS).append(" counter\n");
    for (PodLife life : serving) {
      for (PodSeries.Point p : PodSeries.at(life, life.trackAt(now), now)) {
        if (p.name().equals(PodSeries.REQUESTS)) {
          line(out, p);
        }
      }
    }
    out.append("# HELP ")
        .append(PodSeries.DURATION)
        .append(" How long the sandbox's pods took to answer.\n");
    out.append("# TYPE ").append(PodSeries.DURATION).append(" histogram\n");
    for (PodLife life : serving) {
      for (PodSeries.Point p : PodSeries.at(life, life.trackAt(now), now)) {
        if (!p.name().equals(PodSeries.REQUESTS)) {
          line(out, p);
        }
      }
    }
    return out.toString();
  }

  private static void line(StringBuilder out, PodSeries.Point p) {
    out.append(p.name()).append('{');
    boolean first = true;
    for (Map.Entry<String, String> label : p.labels().entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
    }
    out.append("} ").append(p.value()).append('\n');
  }

  /** A label value escaped for the text format: backslash, double quote and line feed. */
  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
