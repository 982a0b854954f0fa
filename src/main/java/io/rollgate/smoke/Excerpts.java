package io.rollgate.smoke;

/** A short, one-line excerpt of a response body for progress lines, reports and errors. */
final class Excerpts {
  static final int MAX_CHARS = 120;

  private Excerpts() {}

  static String of(String body) {
    String line = body.strip().replaceAll("\\s+", " ");
    if (line.length() <= MAX_CHARS) {
      return line;
    }
    return line.substring(0, MAX_CHARS) + "…";
  }
}
