package io.rollgate.report;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J backend: Rollgate's own log lines and its libraries' go through the {@link Terminal} of
 * the command that runs, so {@code --log-format json} makes them JSON like every other line. Warn
 * and error show always; Rollgate's debug lines (retries, watch restarts) with {@code -v};
 * libraries stay at warn. Outside a command (before one starts, on a thread that outlives it) lines
 * go to stderr as text.
 *
 * <p>SLF4J finds its backend once per process, so where lines go is process-wide state: {@link
 * #route} sets it for one command and gives it back when the command ends.
 */
public final class LogBackend implements SLF4JServiceProvider {
  private static final String OWN = "io.rollgate";
  private static final Terminal FALLBACK =
      new Terminal(
          new PrintWriter(System.out, true),
          new PrintWriter(System.err, true),
          false,
          Clock.systemUTC(),
          "rollgate",
          "rollgate");

  private static volatile Route route = new Route(FALLBACK, false);

  private ILoggerFactory loggers;
  private IMarkerFactory markers;
  private MDCAdapter mdc;

  /** Where lines go while a command runs, and whether Rollgate's debug lines show. */
  private record Route(Terminal terminal, boolean verbose) {}

  /** Routes every log line to {@code terminal} until the returned handle is closed. */
  public static Routed route(Terminal terminal, boolean verbose) {
    Route previous = route;
    route = new Route(terminal, verbose);
    return () -> route = previous;
  }

  /** Gives the previous route back. */
  @FunctionalInterface
  public interface Routed extends AutoCloseable {
    @Override
    void close();
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    Map<String, Logger> made = new ConcurrentHashMap<>();
    loggers = name -> made.computeIfAbsent(name, Line::new);
    markers = new BasicMarkerFactory();
    mdc = new NOPMDCAdapter();
  }

  /** One logger; its level is decided at each call, so a command's -v counts from its start. */
  private static final class Line extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final boolean own;

    Line(String name) {
      this.name = name;
      this.own = name.startsWith(OWN);
    }

    private boolean debug() {
      return own && route.verbose();
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return debug();
    }

    @Override
    public boolean isInfoEnabled() {
      return debug();
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String message, Object[] arguments, Throwable throwable) {
      String text = MessageFormatter.basicArrayFormat(message, arguments);
      Terminal.Level at =
          switch (level) {
            case ERROR -> Terminal.Level.ERROR;
            case WARN -> Terminal.Level.WARN;
            case INFO -> Terminal.Level.INFO;
            default -> Terminal.Level.DEBUG;
          };
      route.terminal().log(at, name, text, throwable);
    }
  }
}
