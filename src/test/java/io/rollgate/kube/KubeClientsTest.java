package io.rollgate.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.sandbox.SandboxApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeClientsTest {
  private static final String TOKEN = "tok-s3cr3t-value";

  private final SandboxApiServer cluster = SandboxApiServer.start();
  @TempDir Path dir;

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void connectsThroughTheNamedContextOfAKubeconfig() throws Exception {
    Path kubeconfig = kubeconfig();
    cluster
        .client()
        .resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
        .create();

    try (KubernetesClient client =
        KubeClients.connect(Optional.of(kubeconfig), Optional.of("sandbox"))) {
      assertThat(client.namespaces().list().getItems())
          .extracting(n -> n.getMetadata().getName())
          .containsExactly("shop");
      assertThat(client.getConfiguration().getRequestRetryBackoffLimit()).isZero();
      assertThat(client.getNamespace()).isEqualTo("checkout");
    }
  }

  @Test
  void anUnknownContextIsRefusedWithoutTheFilesContents() throws Exception {
    Path kubeconfig = kubeconfig();

    assertThatThrownBy(
            () -> KubeClients.connect(Optional.of(kubeconfig), Optional.of("production")))
        .isInstanceOfSatisfying(
            KubeconfigException.class,
            e -> {
              assertThat(e.context()).contains("production");
              assertThat(e.kubeconfig()).contains(kubeconfig);
            })
        .hasMessageContaining("production")
        .hasMessageContaining(kubeconfig.toString())
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void aMalformedKubeconfigIsRefusedWithoutEchoingIt() throws Exception {
    Path kubeconfig = dir.resolve("broken");
    Files.writeString(kubeconfig, "users:\n- name: me\n  user: {token: " + TOKEN + "\n  : [oops\n");

    assertThatThrownBy(() -> KubeClients.connect(Optional.of(kubeconfig), Optional.empty()))
        .isInstanceOf(KubeconfigException.class)
        .hasMessageContaining(kubeconfig.toString())
        .hasMessageNotContaining(TOKEN)
        .hasNoCause();
  }

  @Test
  void aMissingKubeconfigIsRefusedNamingThePath() {
    Path missing = dir.resolve("nope");

    assertThatThrownBy(() -> KubeClients.connect(Optional.of(missing), Optional.empty()))
        .isInstanceOf(KubeconfigException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("cannot read");
  }

  private Path kubeconfig() throws Exception {
    Path file = dir.resolve("config");
    Files.writeString(
        file,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: sandbox",
            "  cluster: {server: '" + cluster.url() + "'}",
            "- name: elsewhere",
            "  cluster: {server: 'http://127.0.0.1:1'}",
            "users:",
            "- name: me",
            "  user: {token: " + TOKEN + "}",
            "contexts:",
            "- name: sandbox",
            "  context: {cluster: sandbox, user: me, namespace: checkout}",
            "- name: other",
            "  context: {cluster: elsewhere, user: me}",
            "current-context: other",
            ""));
    return file;
  }
}
