package io.rollgate.smoke;

import java.util.List;

/**
 * Every attempt of one smoke check, first to last. {@code target} is the address that was checked,
 * without credentials or query string: a URL, or {@code service NAME:PORT PATH}.
 */
public record SmokeResult(String checkName, String target, List<SmokeAttempt> attempts) {
  public SmokeResult {
    attempts = List.copyOf(attempts);
    if (attempts.isEmpty()) {
      throw new IllegalArgumentException("a smoke result needs at least one attempt");
    }
  }

  public boolean passed() {
    return last().passed();
  }

  public SmokeAttempt last() {
    return attempts.get(attempts.size() - 1);
  }
}
