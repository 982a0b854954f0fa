package io.rollgate.kube;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.RejectedExecutionException;

/**
 * Plays the kubelet behind the mock API server's {@code pods/NAME/portforward} WebSocket: speaks
 * the port-forward channel protocol (the port announced on the data and error channels, then data
 * frames prefixed with channel 0) and relays the bytes to a real local server, so an HTTP request
 * sent into the tunnel really reaches an app and its answer really comes back.
 */
final class PodRelay extends WebSocketListener {
  private final int appPort;
  private Socket socket;

  PodRelay(int appPort) {
    this.appPort = appPort;
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    int podPort =
        Integer.parseInt(webSocket.request().getPath().replaceAll(".*ports=(\\d+).*", "$1"));
    byte[] portBytes = {(byte) (podPort & 0xff), (byte) ((podPort >> 8) & 0xff)};
    webSocket.send(new byte[] {0, portBytes[0], portBytes[1]});
    webSocket.send(new byte[] {1, portBytes[0], portBytes[1]});
    try {
      socket = new Socket(InetAddress.getLoopbackAddress(), appPort);
    } catch (IOException e) {
      webSocket.close(1011, "app unreachable");
      return;
    }
    Thread pump = new Thread(() -> pumpAnswers(webSocket), "pod-relay");
    pump.setDaemon(true);
    pump.start();
  }

  @Override
  public void onMessage(WebSocket webSocket, byte[] bytes) {
    if (bytes.length > 1 && bytes[0] == 0 && socket != null) {
      try {
        OutputStream out = socket.getOutputStream();
        out.write(bytes, 1, bytes.length - 1);
        out.flush();
      } catch (IOException e) {
        webSocket.close(1011, "app write failed");
      }
    }
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    closeSocket();
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    closeSocket();
  }

  private void pumpAnswers(WebSocket webSocket) {
    byte[] buffer = new byte[8192];
    try (InputStream in = socket.getInputStream()) {
      int read;
      while ((read = in.read(buffer)) > 0) {
        byte[] frame = new byte[read + 1];
        System.arraycopy(buffer, 0, frame, 1, read);
        webSocket.send(frame);
      }
    } catch (IOException | RejectedExecutionException e) {
      // the tunnel side went away, or the mock server shut down under the relay
    }
    try {
      webSocket.close(1000, "app closed the connection");
    } catch (RejectedExecutionException e) {
      // the mock server already shut down (the test is over): nothing left to close
    }
  }

  private synchronized void closeSocket() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  @Override
  public String toString() {
    return "PodRelay[app port " + appPort + "]";
  }
}
