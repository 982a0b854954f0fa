package io.rollgate.smoke;

import io.rollgate.pipeline.SmokeCheckSpec;
import io.rollgate.pipeline.SmokeCheckSpec.ServiceRef;
import java.io.IOException;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Where a check's request goes: its {@code url}, or {@code path} on a tunnel to its {@code
 * service}.
 */
final class SmokeTargets {
  private final ServiceTunnel tunnel;

  SmokeTargets(ServiceTunnel tunnel) {
    this.tunnel = tunnel;
  }

  /**
   * Opens the way for one attempt; a tunnel is opened per attempt so a restarted pod is picked
   * again.
   */
  Endpoint open(String namespace, SmokeCheckSpec check) throws IOException {
    if (check.url().isPresent()) {
      return new Endpoint(parse(check.url().get(), check), Optional.empty());
    }
    ServiceRef service =
        check
            .service()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "smoke " + check.name() + ": no url and no service"));
    ServiceTunnel.Tunnel opened;
    try {
      opened = tunnel.open(namespace, service);
    } catch (IOException e) {
      throw new ServiceUnreachable(unreachable(namespace, service, e), e);
    }
    try {
      HttpUrl base = parse(opened.baseUri().toString(), check);
      HttpUrl url = base.newBuilder().encodedPath(path(check)).build();
      return new Endpoint(url, Optional.of(opened));
    } catch (IOException | RuntimeException e) {
      opened.close();
      throw e;
    }
  }

  /** The tunnel's own words when they name the service and namespace, else those words prefixed. */
  private static String unreachable(String namespace, ServiceRef service, IOException e) {
    String said = String.valueOf(e.getMessage());
    if (said.contains(service.name()) && said.contains(namespace)) {
      return said;
    }
    return "cannot reach service "
        + service.name()
        + ":"
        + service.port()
        + " in namespace "
        + namespace
        + ": "
        + said;
  }

  /** The checked address for reports: no credentials, no query string. */
  static String describe(SmokeCheckSpec check) {
    if (check.url().isPresent()) {
      HttpUrl url = HttpUrl.parse(check.url().get());
      if (url == null) {
        return "(unparseable url)";
      }
      return url.newBuilder()
          .username("")
          .password("")
          .query(null)
          .fragment(null)
          .build()
          .toString();
    }
    return check
        .service()
        .map(s -> "service " + s.name() + ":" + s.port() + path(check))
        .orElse("(no target)");
  }

  private static String path(SmokeCheckSpec check) {
    String path = check.path() == null || check.path().isEmpty() ? "/" : check.path();
    return path.startsWith("/") ? path : "/" + path;
  }

  private static HttpUrl parse(String url, SmokeCheckSpec check) throws IOException {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new IOException("smoke " + check.name() + ": not an http(s) URL");
    }
    return parsed;
  }

  /** The URL of one attempt and the tunnel behind it, if any, released on close. */
  record Endpoint(HttpUrl url, Optional<ServiceTunnel.Tunnel> tunnel) implements AutoCloseable {
    @Override
    public void close() {
      tunnel.ifPresent(ServiceTunnel.Tunnel::close);
    }
  }

  /** The service behind a check could not be reached (not found, no ready pod, ...). */
  static final class ServiceUnreachable extends IOException {
    ServiceUnreachable(String message, IOException cause) {
      super(message, cause);
    }
  }
}
