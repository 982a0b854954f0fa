package io.rollgate.analysis;

/** What the analysis says after a tick, or at the end of an analysis step, and why. */
public record Verdict(Kind kind, String reason) {
  public enum Kind {
    /** No limit breached yet: keep measuring. */
    CONTINUE,
    /** The analysis step ended with no limit breached: the canary may advance. */
    PASS,
    /** Too many failed measurements, or too many errors in a row: roll the canary back. */
    ROLLBACK,
    /** Too many inconclusive measurements: wait for a person, never promote. */
    INCONCLUSIVE,
    /** Prometheus rejected a query (400/422): a configuration error; stop before traffic moves. */
    BAD_QUERY
  }

  public static Verdict proceed() {
    return new Verdict(Kind.CONTINUE, "no limit breached");
  }

  public static Verdict pass(String reason) {
    return new Verdict(Kind.PASS, reason);
  }

  public static Verdict rollback(String reason) {
    return new Verdict(Kind.ROLLBACK, reason);
  }

  public static Verdict inconclusive(String reason) {
    return new Verdict(Kind.INCONCLUSIVE, reason);
  }

  public static Verdict badQuery(String reason) {
    return new Verdict(Kind.BAD_QUERY, reason);
  }

  /** True once the analysis has reached an end that no later measurement can change. */
  public boolean isFinal() {
    return kind != Kind.CONTINUE;
  }
}
