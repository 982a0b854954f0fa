package io.rollgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class OffLoopCloseListenerTest {
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final Queue<Runnable> handedOff = new ArrayDeque<>();
  private final WebSocket socket = mock(WebSocket.class);
  private final WebSocketListener watch =
      new WebSocketListener() {
        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
          calls.add("closing " + code);
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason) {
          calls.add("closed " + code);
        }

        @Override
        public void onFailure(WebSocket ws, Throwable failure, Response response) {
          calls.add("failure");
        }
      };

  @Test
  void detachesTheWatchOnTheCallingThreadAndClosesItOnTheCloser() {
    // Given a wrapped watch whose closer holds tasks until the test runs them
    var listener = new OffLoopCloseListener(watch, () -> calls.add("detached"), handedOff::add);

    // When the client closes the watch
    listener.onClosing(socket, 1000, "bye");
    listener.onClosed(socket, 1000, "bye");

    // Then it left event delivery at once, and the (possibly slow) close waits for the closer
    assertThat(calls).containsExactly("detached", "detached");
    handedOff.forEach(Runnable::run);
    assertThat(calls).containsExactly("detached", "detached", "closing 1000", "closed 1000");
  }

  @Test
  void aFailedWatchIsDetachedBeforeItsFailureIsHandledOffTheLoop() {
    var listener = new OffLoopCloseListener(watch, () -> calls.add("detached"), handedOff::add);

    listener.onFailure(socket, new IllegalStateException("reset"), mock(Response.class));

    assertThat(calls).containsExactly("detached");
    handedOff.forEach(Runnable::run);
    assertThat(calls).containsExactly("detached", "failure");
  }

  @Test
  void aCloseAfterTheServerShutDownIsDroppedQuietly() {
    // Given a closer that was shut down with the server
    Executor shutDown =
        task -> {
          throw new RejectedExecutionException("closer shut down");
        };
    var listener = new OffLoopCloseListener(watch, () -> calls.add("detached"), shutDown);

    // When a late close arrives
    listener.onClosed(socket, 1001, "going away");

    // Then the watch is still detached and nothing is thrown at the event loop
    assertThat(calls).containsExactly("detached");
  }
}
