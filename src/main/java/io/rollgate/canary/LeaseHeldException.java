package io.rollgate.canary;

import java.time.Instant;

/** Another run holds the pipeline's Lease: who, and when it expires unless renewed. */
public final class LeaseHeldException extends Exception {
  private final String holder;
  private final Instant expires;

  public LeaseHeldException(String holder, Instant expires, String message) {
    super(message);
    this.holder = holder;
    this.expires = expires;
  }

  public String holder() {
    return holder;
  }

  public Instant expires() {
    return expires;
  }
}
