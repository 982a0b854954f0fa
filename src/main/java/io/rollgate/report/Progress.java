package io.rollgate.report;

/**
 * Live progress lines for the person or CI log watching a run ("checkout: 3/4 updated, 2
 * available").
 */
@FunctionalInterface
public interface Progress {
  void line(String text);

  static Progress silent() {
    return text -> {};
  }
}
