package io.rollgate.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Log lines, Rollgate's and its libraries', go through the running command's terminal. */
class LogBackendTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private Terminal terminal(boolean json) {
    return new Terminal(
        new PrintWriter(out, true),
        new PrintWriter(err, true),
        json,
        Clock.systemUTC(),
        "run",
        "pipeline/checkout");
  }

  @Test
  void withVerboseRollgatesDebugLinesAreJsonLinesOnStderr() {
    try (LogBackend.Routed routed = LogBackend.route(terminal(true), true)) {
      LoggerFactory.getLogger("io.rollgate.retry.Retries")
          .debug("{}: attempt {} failed ({}), retrying", "apply", 1, "timed out");
      LoggerFactory.getLogger("okhttp3.OkHttpClient").debug("a library's debug line");
    }

    assertThat(out.toString()).isEmpty();
    JsonObject line = JsonParser.parseString(err.toString().strip()).getAsJsonObject();
    assertThat(line.get("level").getAsString()).isEqualTo("debug");
    assertThat(line.get("stage").getAsString()).isEqualTo("run");
    assertThat(line.get("object").getAsString()).isEqualTo("pipeline/checkout");
    assertThat(line.get("logger").getAsString()).isEqualTo("io.rollgate.retry.Retries");
    assertThat(line.get("message").getAsString())
        .isEqualTo("apply: attempt 1 failed (timed out), retrying");
  }

  @Test
  void withoutVerboseOnlyWarningsShowAsTheyAlwaysRead() {
    try (LogBackend.Routed routed = LogBackend.route(terminal(false), false)) {
      LoggerFactory.getLogger("io.rollgate.retry.Retries").debug("not shown");
      LoggerFactory.getLogger("okhttp3.OkHttpClient").warn("a library's {}", "warning");
    }

    assertThat(err.toString()).isEqualTo("WARN OkHttpClient - a library's warning\n");
  }
}
