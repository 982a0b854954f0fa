package io.rollgate.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Substitution of {@code ${NAME}}: a name is looked up in {@code --set}, then {@code spec.vars},
 * then the environment. A doubled dollar ("$${") stands for a literal "${". An unknown name is an
 * error, never an empty string.
 */
final class Variables {
  private final Map<String, String> set;
  private final Map<String, String> vars;
  private final Map<String, String> environment;

  Variables(Map<String, String> set, Map<String, String> vars, Map<String, String> environment) {
    this.set = Map.copyOf(set);
    this.vars = Map.copyOf(vars);
    this.environment = Map.copyOf(environment);
  }

  /** A name that could not be resolved, at {@code offset} (of its {@code $}) in the text. */
  record Unresolved(String message, int offset) {}

  /** A variable the text refers to, at {@code offset} (of its {@code $}). */
  record Reference(String name, int offset) {}

  /**
   * The text with every variable replaced, or what could not be replaced; and every name it refers
   * to, resolved or not.
   */
  record Result(String text, List<Unresolved> unresolved, List<Reference> references) {}

  Optional<String> lookup(String name) {
    if (set.containsKey(name)) {
      return Optional.of(set.get(name));
    }
    if (vars.containsKey(name)) {
      return Optional.of(vars.get(name));
    }
    return Optional.ofNullable(environment.get(name));
  }

  Result substitute(String text) {
    if (text.indexOf('$') < 0) {
      return new Result(text, List.of(), List.of());
    }
    StringBuilder out = new StringBuilder(text.length());
    List<Unresolved> unresolved = new ArrayList<>();
    List<Reference> references = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int close = text.indexOf('}', i + 2);
        String name = close < 0 ? "" : text.substring(i + 2, close);
        if (close < 0 || !isName(name)) {
          unresolved.add(
              new Unresolved(
                  "'${' without a valid variable name and '}' (write '$${' for a literal '${')",
                  i));
          out.append(text, i, close < 0 ? text.length() : close + 1);
          i = close < 0 ? text.length() : close + 1;
          continue;
        }
        references.add(new Reference(name, i));
        Optional<String> value = lookup(name);
        if (value.isPresent()) {
          out.append(value.get());
        } else {
          unresolved.add(
              new Unresolved(
                  "unknown variable '"
                      + Excerpt.of(name)
                      + "' (give it with --set "
                      + Excerpt.of(name)
                      + "=..., in spec.vars, or in the environment)",
                  i));
          out.append(text, i, close + 1);
        }
        i = close + 1;
      } else {
        out.append(text.charAt(i));
        i++;
      }
    }
    return new Result(out.toString(), List.copyOf(unresolved), List.copyOf(references));
  }

  static boolean isName(String name) {
    return name.matches("[A-Za-z_][A-Za-z0-9_]*");
  }
}
