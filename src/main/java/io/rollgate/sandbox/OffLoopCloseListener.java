package io.rollgate.sandbox;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.Executor;

/**
 * Wraps the mock server's watch listener so that closing a watch runs on another thread. The mock's
 * own close waits up to 30 s for its pending sends while holding the server's single event loop,
 * freezing the whole API (NOTES.md); moved off the loop, the wait blocks nobody.
 */
final class OffLoopCloseListener extends WebSocketListener {
  private final WebSocketListener delegate;
  private final Executor closer;

  OffLoopCloseListener(WebSocketListener delegate, Executor closer) {
    this.delegate = delegate;
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
    closer.execute(() -> delegate.onClosing(webSocket, code, reason));
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    closer.execute(() -> delegate.onClosed(webSocket, code, reason));
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
    closer.execute(() -> delegate.onFailure(webSocket, failure, response));
  }
}
