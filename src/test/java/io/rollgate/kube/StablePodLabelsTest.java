package io.rollgate.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.retry.Backoff;
import io.rollgate.sandbox.SandboxApiServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Only stable's own pods get the stable track, whatever form its selector takes. */
class StablePodLabelsTest {
  private final SandboxApiServer api = SandboxApiServer.start();
  private final KubernetesClient client = api.client();

  @AfterEach
  void stop() {
    api.close();
  }

  private void pod(String name, Map<String, String> labels) {
    client
        .pods()
        .inNamespace("checkout")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("x")
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  private Map<String, String> labels(String pod) {
    return client.pods().inNamespace("checkout").withName(pod).get().getMetadata().getLabels();
  }

  @Test
  void aSelectorOfExpressionsOnlyMarksStablesPodsAndNoOtherAppsNorTheCanarys() {
    client
        .apps()
        .deployments()
        .inNamespace("checkout")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("checkout")
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .addNewMatchExpression()
                .withKey("app")
                .withOperator("In")
                .withValues("checkout")
                .endMatchExpression()
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "checkout")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("x")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    pod("checkout-1", Map.of("app", "checkout"));
    pod("checkout-canary-1", Map.of("app", "checkout", "rollgate.io/track", "canary"));
    pod("payments-1", Map.of("app", "payments"));
    DeploymentCanary canary =
        new DeploymentCanary(
            client,
            new KubeCalls(Backoff.fixed(1, Duration.ZERO), d -> {}),
            ConfigMapStateStoreTest.plan("checkout"),
            null,
            d -> {},
            io.rollgate.report.Progress.silent());

    canary.labelStablePods();

    assertThat(labels("checkout-1")).containsEntry("rollgate.io/track", "stable");
    assertThat(labels("checkout-canary-1")).containsEntry("rollgate.io/track", "canary");
    assertThat(labels("payments-1")).doesNotContainKey("rollgate.io/track");
  }

  @Test
  void everyKindOfRequirementIsHeld() {
    LabelSelector s =
        new LabelSelectorBuilder()
            .addToMatchLabels("app", "checkout")
            .addNewMatchExpression()
            .withKey("tier")
            .withOperator("NotIn")
            .withValues("batch")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("team")
            .withOperator("Exists")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("legacy")
            .withOperator("DoesNotExist")
            .endMatchExpression()
            .build();

    assertThat(Selectors.matches(s, Map.of("app", "checkout", "team", "a"))).isTrue();
    assertThat(Selectors.matches(s, Map.of("app", "checkout", "team", "a", "tier", "batch")))
        .isFalse();
    assertThat(Selectors.matches(s, Map.of("app", "checkout"))).isFalse();
    assertThat(Selectors.matches(s, Map.of("app", "checkout", "team", "a", "legacy", "y")))
        .isFalse();
    assertThat(Selectors.matches(s, Map.of("app", "payments", "team", "a"))).isFalse();
  }
}
