package io.rollgate.analysis;

/** Which pods a query looks at; the value of the {@code {{track}}} template variable. */
public enum Track {
  CANARY("canary"),
  STABLE("stable");

  private final String label;

  Track(String label) {
    this.label = label;
  }

  /** The label value pods carry ({@code rollgate.io/track}) and queries select on. */
  public String label() {
    return label;
  }
}
