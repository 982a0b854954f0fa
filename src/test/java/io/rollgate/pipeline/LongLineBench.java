package io.rollgate.pipeline;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Benchmark (not a test): composing one manifest whose text is a single long line (a comment, a
 * plain value) against the same characters in 1 KB lines, through {@link YamlTree} (the in-memory
 * reader) and through SnakeYAML's own stream reader. Reading must be linear in a line's length.
 * Run: {@code mvn -o -q package -DskipTests && mvn -o -q test-compile && java -cp
 * target/test-classes:target/classes:target/rollgate.jar io.rollgate.pipeline.LongLineBench}
 */
public final class LongLineBench {
  private static final String HEAD = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\n";

  private LongLineBench() {}

  public static void main(String[] args) {
    int[] megabytes = {1, 2, 3};
    for (int mb : megabytes) {
      int n = mb * 1_000_000;
      measure("comment line of " + mb + " MB", HEAD + "# " + "x".repeat(n) + "\ndata: {a: b}\n");
      measure(
          mb + " MB in 1 KB comment lines",
          HEAD + ("# " + "x".repeat(1000) + "\n").repeat(n / 1000) + "data: {a: b}\n");
      measure("plain value of " + mb + " MB", HEAD + "data: {a: " + "x".repeat(n) + "}\n");
    }
    measure("comment line of 10 MB", HEAD + "# " + "x".repeat(10_000_000) + "\ndata: {a: b}\n");
  }

  private static void measure(String label, String text) {
    long ours =
        millis(
            t -> YamlTree.composeAll(new SourceText(Path.of("big.yaml"), t), t, new Problems()),
            text);
    long theirs = millis(LongLineBench::snakeYamlReader, text);
    System.out.printf(
        "%-34s in-memory reader %6d ms | SnakeYAML's reader %6d ms%n", label, ours, theirs);
  }

  private static void snakeYamlReader(String text) {
    try {
      new Yaml(new LoaderOptions()).composeAll(new StringReader(text)).forEach(n -> {});
    } catch (RuntimeException e) {
      // past the document size limit: the time to find out is what counts
    }
  }

  private static long millis(Consumer<String> compose, String text) {
    compose.accept(text); // warm up
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      compose.accept(text);
      best = Math.min(best, (System.nanoTime() - t0) / 1_000_000);
    }
    return best;
  }
}
