package io.rollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {
  @Test
  void keepsFourSignificantDigitsWithoutTrailingZeros() {
    assertThat(Numbers.format(0.083)).isEqualTo("0.083");
    assertThat(Numbers.format(0.08000000000000002)).isEqualTo("0.08");
    assertThat(Numbers.format(0.123456)).isEqualTo("0.1235");
    assertThat(Numbers.format(600)).isEqualTo("600");
    assertThat(Numbers.format(12345.6)).isEqualTo("12350");
    assertThat(Numbers.format(0)).isEqualTo("0");
    assertThat(Numbers.format(-0.5)).isEqualTo("-0.5");
  }

  @Test
  void spellsOutNanAndInfinities() {
    assertThat(Numbers.format(Double.NaN)).isEqualTo("NaN");
    assertThat(Numbers.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(Numbers.format(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }

  @Test
  void usesScientificNotationForTinyAndHugeValues() {
    assertThat(Numbers.format(1.5e-9)).isEqualTo("1.5E-9");
    assertThat(Numbers.format(2e20)).isEqualTo("2E+20");
  }
}
