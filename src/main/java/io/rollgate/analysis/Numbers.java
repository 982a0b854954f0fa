package io.rollgate.analysis;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Numbers as people read them in a verdict: four significant digits, NaN and infinities spelled
 * out.
 */
public final class Numbers {
  private static final MathContext DIGITS = new MathContext(4);

  private Numbers() {}

  public static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == 0) {
      return "0";
    }
    BigDecimal rounded = new BigDecimal(value).round(DIGITS).stripTrailingZeros();
    return Math.abs(value) >= 1e-6 && Math.abs(value) < 1e15
        ? rounded.toPlainString()
        : rounded.toString();
  }
}
