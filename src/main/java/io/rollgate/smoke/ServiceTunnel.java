package io.rollgate.smoke;

import io.rollgate.pipeline.SmokeCheckSpec;
import java.io.IOException;
import java.net.URI;

/**
 * How a smoke check reaches a Service: a port-forward to a ready pod in a real cluster, or the
 * sandbox app in {@code rollgate demo}.
 */
public interface ServiceTunnel {
  /**
   * Opens a way to the service's port.
   *
   * @throws IOException when the service cannot be reached (not found, no ready pod, port unknown)
   */
  Tunnel open(String namespace, SmokeCheckSpec.ServiceRef service) throws IOException;

  /** An open way to one service; requests go to {@link #baseUri()} until it is closed. */
  interface Tunnel extends AutoCloseable {
    URI baseUri();

    @Override
    void close();
  }
}
