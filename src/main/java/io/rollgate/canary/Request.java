package io.rollgate.canary;

import java.time.Instant;

/**
 * What a person asked for while the canary was in flight ({@code rollgate abort}, {@code rollgate
 * promote [--full]}): written into the saved state by whichever process the person ran, and acted
 * on by whichever process holds the pipeline's Lease next.
 */
public record Request(Kind kind, String by, Instant at) {
  public enum Kind {
    /** Roll back now; wins over everything else. */
    ABORT,
    /** Pass the current pause (or analysis step, or an inconclusive stop). */
    PROMOTE,
    /** Skip every remaining step and promote. */
    PROMOTE_FULL;

    /** How much it weighs against another request written before it is acted on. */
    int weight() {
      return switch (this) {
        case ABORT -> 3;
        case PROMOTE_FULL -> 2;
        case PROMOTE -> 1;
      };
    }
  }

  public static Request abort(String by, Instant at) {
    return new Request(Kind.ABORT, by, at);
  }

  public static Request promote(boolean full, String by, Instant at) {
    return new Request(full ? Kind.PROMOTE_FULL : Kind.PROMOTE, by, at);
  }

  /** {@code abort by alice@laptop at 2026-...Z}. */
  public String describe() {
    return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
        + " by "
        + by
        + " at "
        + at;
  }
}
