package io.rollgate.cli;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The process environment as a read-only map that prints variable names only: values are often
 * tokens (PROMETHEUS_TOKEN, GITHUB_TOKEN), and whatever prints a {@link Services} or a map it holds
 * must not leak them.
 */
public final class Environment extends AbstractMap<String, String> {
  private final Map<String, String> values;

  private Environment(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static Environment of(Map<String, String> values) {
    return values instanceof Environment e ? e : new Environment(values);
  }

  public static Environment system() {
    return new Environment(System.getenv());
  }

  public static Environment empty() {
    return new Environment(Map.of());
  }

  /** A copy with one more (or one replaced) variable. */
  public Environment with(String name, String value) {
    Map<String, String> more = new java.util.HashMap<>(values);
    more.put(name, value);
    return new Environment(more);
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return values.entrySet();
  }

  @Override
  public String get(Object key) {
    return values.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return values.containsKey(key);
  }

  /** Names only, sorted: {@code Environment[HOME, PATH, PROMETHEUS_TOKEN]}. */
  @Override
  public String toString() {
    return "Environment" + new TreeSet<>(values.keySet());
  }
}
