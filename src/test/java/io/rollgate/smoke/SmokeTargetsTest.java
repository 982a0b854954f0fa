package io.rollgate.smoke;

import static io.rollgate.smoke.Checks.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SmokeTargetsTest {
  @Test
  void closesTheTunnelWhenItsAddressIsNotAnHttpUrl() {
    // Given a tunnel whose address is not http(s)
    AtomicInteger open = new AtomicInteger();
    ServiceTunnel tunnel =
        (namespace, service) -> {
          open.incrementAndGet();
          return new ServiceTunnel.Tunnel() {
            @Override
            public URI baseUri() {
              return URI.create("ftp://127.0.0.1:2121/");
            }

            @Override
            public void close() {
              open.decrementAndGet();
            }
          };
        };
    var spec = check("health").service("checkout", 8080, "/health").build();

    // When opening the check's endpoint fails
    assertThatThrownBy(() -> new SmokeTargets(tunnel).open("shop", spec))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not an http(s) URL");

    // Then the tunnel is closed again
    assertThat(open).hasValue(0);
  }
}
