package io.rollgate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> KNOWN = List.of("namespace", "manifests", "rollout", "smoke");

  @Test
  void suggestsTheClosestKnownWordIgnoringCase() {
    assertThat(Suggestions.closest("namespce", KNOWN)).contains("namespace");
    assertThat(Suggestions.closest("Manifests", KNOWN)).contains("manifests");
    assertThat(Suggestions.closest("smoek", KNOWN)).contains("smoke");
  }

  @Test
  void suggestsNothingForAWordFarFromEveryKnownOne() {
    assertThat(Suggestions.closest("replicas", KNOWN)).isEmpty();
  }

  @Test
  void distanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    assertThat(Suggestions.distance("same", "same")).isZero();
  }
}
