package io.rollgate.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.sandbox.SandboxApiServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
        KubeClients.connect(Optional.of(kubeconfig), Optional.of("sandbox"), env())) {
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
            () -> KubeClients.connect(Optional.of(kubeconfig), Optional.of("production"), env()))
        .isInstanceOfSatisfying(
            KubeconfigException.class,
            e -> {
              assertThat(e.context()).contains("production");
              assertThat(e.kubeconfig()).contains(kubeconfig);
            })
        .hasMessageContaining("production")
        .hasMessageContaining(kubeconfig.toString())
        .hasMessageContaining("its contexts: sandbox, other (current: other)")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void aMalformedKubeconfigIsRefusedWithoutEchoingIt() throws Exception {
    Path kubeconfig = dir.resolve("broken");
    Files.writeString(kubeconfig, "users:\n- name: me\n  user: {token: " + TOKEN + "\n  : [oops\n");

    assertThatThrownBy(() -> KubeClients.connect(Optional.of(kubeconfig), Optional.empty(), env()))
        .isInstanceOf(KubeconfigException.class)
        .hasMessageContaining(kubeconfig.toString())
        .hasMessageNotContaining(TOKEN)
        .hasNoCause();
  }

  @Test
  void aMissingKubeconfigIsRefusedNamingThePath() {
    Path missing = dir.resolve("nope");

    assertThatThrownBy(() -> KubeClients.connect(Optional.of(missing), Optional.empty(), env()))
        .isInstanceOf(KubeconfigException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("no such file (--kubeconfig)");
  }

  @Test
  void aKubeconfigVariableNamingNoFileIsBadInputOutsideAPodNamingWhereItLooked() {

    assertThatThrownBy(
            () ->
                KubeClients.connect(
                    Optional.empty(),
                    Optional.empty(),
                    Map.of("KUBECONFIG", "/nonexistent/kc", "HOME", dir.toString())))
        .isInstanceOf(KubeconfigException.class)
        .hasMessageContaining("no kubeconfig found, and not running in a pod")
        .hasMessageContaining("--kubeconfig: not given")
        .hasMessageContaining("$KUBECONFIG=/nonexistent/kc: no such file")
        .hasMessageContaining("Give --kubeconfig FILE or set KUBECONFIG");
  }

  @Test
  void withoutKubeconfigVariableTheHomeFolderIsLookedIn() throws Exception {
    assertThatThrownBy(() -> KubeClients.connect(Optional.empty(), Optional.empty(), env()))
        .hasMessageContaining("$KUBECONFIG: not set")
        .hasMessageContaining(
            "~/.kube/config (" + dir.resolve(".kube").resolve("config") + "): no such file");

    Files.createDirectories(dir.resolve(".kube"));
    Files.move(kubeconfig(), dir.resolve(".kube").resolve("config"));
    try (KubernetesClient client =
        KubeClients.connect(Optional.empty(), Optional.of("sandbox"), env())) {
      assertThat(client.getMasterUrl().toString()).startsWith(cluster.url());
    }
  }

  @Test
  void theFilesOfTheKubeconfigVariableAreMergedAndMissingOnesSkipped() throws Exception {
    Path first = kubeconfig();
    Path second = dir.resolve("second");
    Files.writeString(
        second,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters: [{name: third, cluster: {server: 'http://127.0.0.1:3'}}]",
            "users: [{name: you, user: {token: other}}]",
            "contexts: [{name: third, context: {cluster: third, user: you}}]",
            ""));
    String list = dir.resolve("missing") + File.pathSeparator + first + File.pathSeparator + second;

    try (KubernetesClient client =
        KubeClients.connect(
            Optional.empty(),
            Optional.of("third"),
            Map.of("KUBECONFIG", list, "HOME", dir.toString()))) {
      assertThat(client.getMasterUrl().toString()).startsWith("http://127.0.0.1:3");
    }
    try (KubernetesClient client =
        KubeClients.connect(
            Optional.empty(),
            Optional.empty(),
            Map.of("KUBECONFIG", list, "HOME", dir.toString()))) {
      assertThat(client.getMasterUrl().toString()).startsWith("http://127.0.0.1:1");
    }
  }

  @Test
  void inAPodWithoutKubeconfigTheServiceAccountIsUsed() throws Exception {
    try (KubernetesClient client =
        KubeClients.connect(
            Optional.empty(),
            Optional.empty(),
            Map.of(
                "KUBECONFIG",
                "/nonexistent/kc",
                "HOME",
                dir.toString(),
                "KUBERNETES_SERVICE_HOST",
                "10.0.0.1"))) {
      assertThat(client).isNotNull();
    }
  }

  @Test
  void aKubeconfigWithoutCurrentContextAsksForOne() throws Exception {
    Path file = dir.resolve("no-current");
    Files.writeString(file, Files.readString(kubeconfig()).replace("current-context: other\n", ""));

    assertThatThrownBy(() -> KubeClients.connect(Optional.of(file), Optional.empty(), env()))
        .isInstanceOf(KubeconfigException.class)
        .hasMessageContaining(
            "no current-context set; give --context (its contexts: sandbox, other)");
  }

  private Map<String, String> env() {
    return Map.of("HOME", dir.toString());
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
