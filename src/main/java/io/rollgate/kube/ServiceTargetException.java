package io.rollgate.kube;

import java.io.IOException;

/**
 * A Service that a port-forward cannot reach: not found, no such port, no selector, no ready pod.
 * The message names the service, its port and namespace.
 */
public final class ServiceTargetException extends IOException {
  private final String namespace;
  private final String service;
  private final int port;

  public ServiceTargetException(String namespace, String service, int port, String reason) {
    this(namespace, service, port, reason, null);
  }

  public ServiceTargetException(
      String namespace, String service, int port, String reason, Throwable cause) {
    super("service " + service + ":" + port + " in namespace " + namespace + " " + reason, cause);
    this.namespace = namespace;
    this.service = service;
    this.port = port;
  }

  public String namespace() {
    return namespace;
  }

  public String service() {
    return service;
  }

  public int port() {
    return port;
  }
}
