package io.rollgate.smoke;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Hides the check's header values in text taken from an answer (an app that echoes its request
 * headers must not leak a token into logs or reports): the whole value and, for values like {@code
 * Bearer abc}, the credential after the scheme.
 */
final class Redaction {
  static final String MASK = "[redacted]";

  private final List<String> secrets;

  private Redaction(List<String> secrets) {
    this.secrets = secrets;
  }

  static Redaction of(Collection<String> headerValues) {
    List<String> secrets =
        headerValues.stream()
            .flatMap(value -> Stream.of(value.strip(), afterScheme(value.strip())))
            .filter(value -> value.length() >= 4)
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .collect(Collectors.toList());
    return new Redaction(secrets);
  }

  String apply(String text) {
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, MASK);
    }
    return result;
  }

  List<String> apply(List<String> texts) {
    return texts.stream().map(this::apply).collect(Collectors.toList());
  }

  private static String afterScheme(String value) {
    int space = value.indexOf(' ');
    return space < 0 ? "" : value.substring(space + 1).strip();
  }
}
