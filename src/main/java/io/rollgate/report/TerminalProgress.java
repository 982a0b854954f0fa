package io.rollgate.report;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.time.Clock;

/** Progress lines on the terminal: plain text, or one JSON object per line for log collectors. */
public final class TerminalProgress implements Progress {
  private final PrintWriter out;
  private final boolean json;
  private final Clock clock;

  public TerminalProgress(PrintWriter out, boolean json, Clock clock) {
    this.out = out;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public void line(String text) {
    synchronized (out) {
      if (json) {
        JsonObject o = new JsonObject();
        o.addProperty("time", clock.instant().toString());
        o.addProperty("msg", text);
        out.println(o);
      } else {
        out.println(text);
      }
      out.flush();
    }
  }
}
