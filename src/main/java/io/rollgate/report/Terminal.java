package io.rollgate.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rollgate.pipeline.Problem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Locale;

/**
 * Every line a command prints: what happens on stdout; warnings, errors and log lines on stderr. As
 * text, each line reads as it always has. With {@code --log-format json} each is one JSON object on
 * one line, with {@code time}, {@code level} (debug, info, warn, error), {@code stage} (staging,
 * production, or the command's name for lines of no stage), {@code object} (what it is about, as
 * {@code kind/name}: {@code pipeline/checkout}, {@code release/2}, {@code interval/14}) and {@code
 * message}, and what else the line carries: a problem's {@code file}, {@code line}, {@code column},
 * a log line's {@code logger}, a {@code stacktrace}, the {@code status} object.
 */
public final class Terminal {
  /** How much a line matters; warn and error go to stderr. */
  public enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  private static final Gson GSON =
      new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final Clock clock;
  private final String command;
  private volatile String object;

  public Terminal(
      PrintWriter out, PrintWriter err, boolean json, Clock clock, String command, String object) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.clock = clock;
    this.command = command;
    this.object = object;
  }

  public boolean json() {
    return json;
  }

  /** The stage of lines that belong to no stage: the command's name. */
  public String command() {
    return command;
  }

  /** What lines are about from now on unless they say ({@code pipeline/checkout} once loaded). */
  public void about(String newObject) {
    this.object = newObject;
  }

  public String object() {
    return object;
  }

  /** A line of what happens, on stdout. */
  public void info(String stage, String about, String text) {
    print(out, Level.INFO, stage, about, text, text, null);
  }

  /** A line of the command itself, on stdout. */
  public void info(String text) {
    info(command, object, text);
  }

  /** A blank line between parts, as text; nothing in JSON. */
  public void blank() {
    if (!json) {
      synchronized (out) {
        out.println();
        out.flush();
      }
    }
  }

  /** {@code warning: text} on stderr. */
  public void warn(String text) {
    print(err, Level.WARN, command, object, text, "warning: " + text, null);
  }

  /** {@code error: text} on stderr. */
  public void error(String text) {
    error(command, text);
  }

  /** {@code error: text} on stderr, of the stage that failed. */
  public void error(String stage, String text) {
    print(err, Level.ERROR, stage, object, text, "error: " + text, null);
  }

  /** A problem of the user's input, as {@code file:line:column: message}, on stderr. */
  public void problem(Problem problem) {
    JsonObject extra = new JsonObject();
    extra.addProperty("file", problem.location().file().toString());
    extra.addProperty("line", problem.location().line());
    extra.addProperty("column", problem.location().column());
    print(err, Level.ERROR, command, object, problem.message(), problem.toString(), extra);
  }

  /** Where to look next ({@code Try 'rollgate run --help' for usage.}), on stderr. */
  public void hint(String text) {
    print(err, Level.INFO, command, object, text, text, null);
  }

  /** The exception and its trace (asked for with --stacktrace), on stderr. */
  public void stacktrace(Throwable t) {
    StringWriter trace = new StringWriter();
    PrintWriter w = new PrintWriter(trace);
    t.printStackTrace(w);
    w.flush();
    if (!json) {
      synchronized (err) {
        err.print(trace);
        err.flush();
      }
      return;
    }
    JsonObject extra = new JsonObject();
    extra.addProperty("stacktrace", trace.toString());
    print(err, Level.ERROR, command, object, String.valueOf(t), null, extra);
  }

  /** A library's or Rollgate's log line (SLF4J), on stderr. */
  public void log(Level level, String logger, String text, Throwable t) {
    String shortName = logger.substring(logger.lastIndexOf('.') + 1);
    JsonObject extra = new JsonObject();
    extra.addProperty("logger", logger);
    if (t != null) {
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      extra.addProperty("stacktrace", trace.toString());
    }
    String line = level.name() + " " + shortName + " - " + text;
    print(err, level, command, object, text, line, extra);
    if (t != null && !json) {
      synchronized (err) {
        t.printStackTrace(err);
        err.flush();
      }
    }
  }

  /**
   * A result that is JSON already ({@code status --output json}), on stdout: as text the JSON alone
   * on its line; in JSON under {@code key}, beside the usual fields.
   */
  public void data(String stage, String about, String message, String key, String json) {
    JsonObject extra = new JsonObject();
    extra.add(key, JsonParser.parseString(json));
    print(out, Level.INFO, stage, about, message, json, extra);
  }

  /** Progress lines of {@code stage} about {@code about}; as text each after {@code textPrefix}. */
  public Progress progress(String stage, String about, String textPrefix) {
    return text -> print(out, Level.INFO, stage, about, text, textPrefix + text, null);
  }

  private void print(
      PrintWriter to,
      Level level,
      String stage,
      String about,
      String message,
      String text,
      JsonObject extra) {
    if (!json) {
      synchronized (to) {
        to.println(text);
        to.flush();
      }
      return;
    }
    JsonObject line = new JsonObject();
    line.addProperty("time", clock.instant().toString());
    line.addProperty("level", level.name().toLowerCase(Locale.ROOT));
    line.addProperty("stage", stage);
    line.addProperty("object", about);
    line.addProperty("message", message.strip());
    if (extra != null) {
      extra.entrySet().forEach(e -> line.add(e.getKey(), e.getValue()));
    }
    String rendered = GSON.toJson(line);
    synchronized (to) {
      to.println(rendered);
      to.flush();
    }
  }
}
