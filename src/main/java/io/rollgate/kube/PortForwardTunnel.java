package io.rollgate.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.rollgate.pipeline.SmokeCheckSpec.ServiceRef;
import io.rollgate.smoke.ServiceTunnel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reaches a Service the way {@code kubectl port-forward svc/NAME PORT} does: finds a ready pod
 * behind it ({@link ServicePodResolver}) and forwards a free loopback port to the pod's target port
 * through the API server. The tunnel's base URI is {@code http://127.0.0.1:<local port>}; closing
 * it releases the port. Cluster errors surface as {@link IOException}s naming the service.
 */
public final class PortForwardTunnel implements ServiceTunnel {
  private static final Logger LOG = LoggerFactory.getLogger(PortForwardTunnel.class);
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final KubernetesClient client;

  public PortForwardTunnel(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Tunnel open(String namespace, ServiceRef ref) throws IOException {
    ServicePodResolver.ForwardTarget target = resolve(namespace, ref);
    LocalPortForward forward;
    try {
      forward =
          client
              .pods()
              .inNamespace(namespace)
              .withName(target.pod())
              .portForward(target.port(), LOOPBACK, 0);
    } catch (KubernetesClientException | IllegalStateException e) {
      throw new ServiceTargetException(
          namespace,
          ref.name(),
          ref.port(),
          "could not be forwarded to pod " + target.pod() + ":" + target.port(),
          e);
    }
    URI base = URI.create("http://" + LOOPBACK.getHostAddress() + ":" + forward.getLocalPort());
    LOG.debug("forwarding {} to pod {}/{}:{}", base, namespace, target.pod(), target.port());
    return new Forwarded(base, forward, target);
  }

  /** The pod and port a tunnel to {@code ref} would go to right now. */
  public ServicePodResolver.ForwardTarget resolve(String namespace, ServiceRef ref)
      throws IOException {
    try {
      Service service = client.services().inNamespace(namespace).withName(ref.name()).get();
      if (service == null) {
        throw new ServiceTargetException(namespace, ref.name(), ref.port(), "not found");
      }
      ServicePort port = ServicePodResolver.servicePort(service, namespace, ref.port());
      Map<String, String> selector = ServicePodResolver.selector(service, namespace, ref.port());
      List<Pod> pods = client.pods().inNamespace(namespace).withLabels(selector).list().getItems();
      return ServicePodResolver.pick(service, port, pods, namespace);
    } catch (KubernetesClientException e) {
      throw new ServiceTargetException(
          namespace,
          ref.name(),
          ref.port(),
          e.getCode() > 0
              ? "could not be looked up (HTTP " + e.getCode() + ")"
              : "could not be looked up (cluster API unreachable)",
          e);
    }
  }

  /** One open port-forward. */
  private static final class Forwarded implements Tunnel {
    private final URI baseUri;
    private final LocalPortForward forward;
    private final ServicePodResolver.ForwardTarget target;

    Forwarded(URI baseUri, LocalPortForward forward, ServicePodResolver.ForwardTarget target) {
      this.baseUri = baseUri;
      this.forward = forward;
      this.target = target;
    }

    @Override
    public URI baseUri() {
      return baseUri;
    }

    @Override
    public void close() {
      try {
        forward.close();
      } catch (IOException e) {
        LOG.debug("closing the port-forward to pod {} failed", target.pod(), e);
      }
    }

    @Override
    public String toString() {
      return "PortForward[" + baseUri + " -> " + target.pod() + ":" + target.port() + "]";
    }
  }
}
