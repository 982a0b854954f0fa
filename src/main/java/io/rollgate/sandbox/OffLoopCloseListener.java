package io.rollgate.sandbox;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Wraps the mock server's watch listener so that closing a watch runs on another thread. The mock's
 * own close waits up to 30 s for its pending sends while holding the server's single event loop,
 * freezing the whole API (NOTES.md); moved off the loop, the wait blocks nobody.
 *
 * <p>The watch is first detached from event delivery, on the loop: the mock's close shuts the
 * watch's send executor down before it unregisters the watch, and an event sent to it in between
 * throws inside the request that caused it, which then never gets an answer (the client times out
 * after 10 s).
 */
final class OffLoopCloseListener extends WebSocketListener {
  private final WebSocketListener delegate;
  private final Runnable detach;
  private final Executor closer;

  /**
   * @param detach stops events from reaching {@code delegate}; runs on the loop, so must be quick
   */
  OffLoopCloseListener(WebSocketListener delegate, Runnable detach, Executor closer) {
    this.delegate = delegate;
    this.detach = detach;
    this.closer = closer;
  }

  @Override
  public void onBeforeAccept(WebSocket webSocket, Response response) {
    delegate.onBeforeAccept(webSocket, response);
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    delegate.onOpen(webSocket, response);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    delegate.onMessage(webSocket, text);
  }

  @Override
  @SuppressWarnings("deprecation") // still part of the listener contract; forwarded like the rest
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    delegate.onMessage(webSocket, bytes);
  }

  @Override
  public void onMessage(WebSocket webSocket, byte[] bytes) {
    delegate.onMessage(webSocket, bytes);
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    offLoop(() -> delegate.onClosing(webSocket, code, reason));
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    offLoop(() -> delegate.onClosed(webSocket, code, reason));
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
    offLoop(() -> delegate.onFailure(webSocket, failure, response));
  }

  private void offLoop(Runnable close) {
    detach.run();
    try {
      closer.execute(close);
    } catch (RejectedExecutionException e) {
      // the server is shutting down and takes the watch's resources with it
    }
  }
}
