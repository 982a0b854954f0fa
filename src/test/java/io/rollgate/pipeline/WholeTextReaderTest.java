package io.rollgate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * The in-memory reader gives the parser exactly what SnakeYAML's own reader gives it: the same
 * events at the same marks, the same errors at the same places.
 */
class WholeTextReaderTest {
  static Stream<String> texts() throws IOException {
    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Stream.of(Path.of("pipelines"), Path.of("test-fixtures"))) {
      for (Path root : files.toList()) {
        try (Stream<Path> walk = Files.walk(root)) {
          for (Path file : walk.filter(p -> p.toString().matches(".*\\.(ya?ml|json)")).toList()) {
            texts.add(Files.readString(file, StandardCharsets.UTF_8));
          }
        }
      }
    }
    texts.add("a: 1\r\nb: [x, y]\r\n");
    texts.add("a: 1\rb: 2\r");
    texts.add("\uFEFFkind: ConfigMap\n");
    texts.add("name: \"caf\u00e9 \uD83D\uDE00 ok\"\nnext: \uD83D\uDE00\n");
    texts.add("---\n...\n---\na: 1\n---\n- x\n");
    texts.add("a: |\n  line one\n  line two\nb: >\n  folded\n  text\n");
    texts.add("a: &x {k: v}\nb: *x\n<<: *x\n");
    texts.add("a: [1, 2\n");
    texts.add("a: \"unclosed\n");
    texts.add("a:\n\t- tab\n");
    texts.add("# " + "x".repeat(5000) + "\nk: " + "y".repeat(5000) + "\n");
    texts.add("");
    return texts.stream();
  }

  @ParameterizedTest
  @MethodSource("texts")
  void parserSeesTheSameEventsAtTheSameMarks(String text) {
    assertThat(events(new WholeTextReader(text)))
        .isEqualTo(events(new StreamReader(new StringReader(text))));
  }

  @Test
  void aControlCharacterIsRefusedAtItsPositionAsSnakeYamlRefusesIt() {
    String text = "a: 1\nb: x\u0001y\n";

    ReaderException ours = readerException(() -> new WholeTextReader(text));
    ReaderException theirs =
        readerException(() -> events(new StreamReader(new StringReader(text))));

    assertThat(ours.getPosition()).isEqualTo(theirs.getPosition()).isEqualTo(9);
    assertThat(ours.getCodePoint()).isEqualTo(theirs.getCodePoint()).isEqualTo(1);
  }

  private static ReaderException readerException(Runnable run) {
    try {
      run.run();
    } catch (ReaderException e) {
      return e;
    }
    throw new AssertionError("expected a ReaderException");
  }

  /** Every event with its marks, or the error that ended the parse, as text. */
  private static List<String> events(StreamReader reader) {
    List<String> events = new ArrayList<>();
    try {
      ParserImpl parser = new ParserImpl(reader, new LoaderOptions());
      while (parser.peekEvent() != null) {
        Event e = parser.getEvent();
        events.add(e + " " + mark(e.getStartMark()) + "-" + mark(e.getEndMark()));
        if (e.is(Event.ID.StreamEnd)) {
          break;
        }
      }
    } catch (ReaderException e) {
      throw e;
    } catch (MarkedYAMLException e) {
      events.add("error " + e.getProblem() + " at " + mark(e.getProblemMark()));
    } catch (YAMLException e) {
      events.add("error " + e.getMessage());
    }
    return events;
  }

  private static String mark(Mark mark) {
    return mark == null ? "-" : mark.getLine() + ":" + mark.getColumn() + "@" + mark.getIndex();
  }
}
