package io.rollgate.canary;

/** Where a canary stands; the state ConfigMap carries it between processes. */
public enum Phase {
  /** Working through the steps. */
  PROGRESSING,
  /** At a {@code pause: {}} step: waiting for {@code rollgate promote}. */
  PAUSED,
  /** The analysis was inconclusive past its limit: waiting for a person; never promoted alone. */
  INCONCLUSIVE,
  /** The new template is being written to the stable workload and waited on. */
  PROMOTING,
  /** Done: stable runs the new revision, the canary is gone. */
  PROMOTED,
  /** Traffic is going back to stable and the canary is being removed. */
  ROLLING_BACK,
  /** Done: stable runs what it ran before, the canary is gone. */
  ROLLED_BACK;

  /** Nothing more will happen to this revision. */
  public boolean isTerminal() {
    return this == PROMOTED || this == ROLLED_BACK;
  }

  /** Only a person ({@code promote}, {@code abort}) moves it on. */
  public boolean isWaitingForPerson() {
    return this == PAUSED || this == INCONCLUSIVE;
  }

  /** Lower-case with dashes, as {@code status} and the reports print it. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
