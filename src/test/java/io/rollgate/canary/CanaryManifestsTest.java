package io.rollgate.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class CanaryManifestsTest {
  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String text) {
    return (Map<String, Object>) new Yaml().load(text);
  }

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: checkout, namespace: shop, labels: {app: checkout}, resourceVersion: "7"}
      spec:
        replicas: 4
        selector: {matchLabels: {app: checkout}}
        template:
          metadata: {labels: {app: checkout}}
          spec:
            initContainers:
              - name: migrate
                envFrom: [{secretRef: {name: db-credentials}}]
            containers:
              - name: checkout
                image: ghcr.io/acme/checkout:1.4.3
                envFrom: [{configMapRef: {name: checkout-config}}]
                env:
                  - name: FLAG
                    valueFrom: {configMapKeyRef: {name: flags, key: flag}}
                  - name: API_KEY
                    valueFrom: {secretKeyRef: {name: api, key: key}}
            volumes:
              - name: config
                configMap: {name: checkout-config}
              - name: tls
                secret: {secretName: checkout-tls}
              - name: bundle
                projected:
                  sources:
                    - configMap: {name: ca-bundle}
                    - secret: {name: extra}
      """;

  private static CanaryPlan plan(Map<String, Object> target, List<CanaryPlan.ConfigRef> copies) {
    CanaryPlan base = CanaryPlans.plan(CanaryPlans.weight(10));
    return new CanaryPlan(
        base.pipeline(),
        "shop",
        "abc",
        base.targetRef(),
        base.traffic(),
        base.steps(),
        base.analysis(),
        base.rollout(),
        base.vars(),
        target,
        Map.of(),
        copies);
  }

  @Test
  void findsEveryConfigMapAndSecretThePodTemplateReads() {
    assertThat(CanaryManifests.configRefs(yaml(DEPLOYMENT)))
        .extracting(Object::toString)
        .containsExactlyInAnyOrder(
            "ConfigMap/checkout-config",
            "Secret/checkout-tls",
            "ConfigMap/ca-bundle",
            "Secret/extra",
            "Secret/db-credentials",
            "ConfigMap/flags",
            "Secret/api");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theCanaryIsTheTargetRenamedTrackedAndReadingTheCopies() {
    Map<String, Object> target = yaml(DEPLOYMENT);
    CanaryPlan plan =
        plan(
            target,
            List.of(
                new CanaryPlan.ConfigRef("ConfigMap", "checkout-config"),
                new CanaryPlan.ConfigRef("Secret", "api")));

    Map<String, Object> canary = CanaryManifests.canaryWorkload(plan, 2);

    Map<String, Object> meta = (Map<String, Object>) canary.get("metadata");
    assertThat(meta).containsEntry("name", "checkout-canary").doesNotContainKey("resourceVersion");
    assertThat((Map<String, Object>) meta.get("labels"))
        .containsEntry("rollgate.io/canary-of", "checkout")
        .containsEntry("app", "checkout");
    Map<String, Object> spec = (Map<String, Object>) canary.get("spec");
    assertThat(spec).containsEntry("replicas", 2L);
    assertThat(
            (Map<String, Object>) ((Map<String, Object>) spec.get("selector")).get("matchLabels"))
        .containsEntry("app", "checkout")
        .containsEntry("rollgate.io/track", "canary");
    String text = canary.toString();
    assertThat(text)
        .contains("checkout-config-canary", "name=api-canary")
        .contains("secretName=checkout-tls") // unchanged configuration is read as it is
        .doesNotContain("name=checkout-config}");
    // the user's target is left alone
    assertThat(target.toString()).doesNotContain("-canary");
  }

  @Test
  void theRevisionChangesWithTheTemplateOrTheCopiedConfigurationAndNothingElse() {
    Map<String, Object> a = yaml(DEPLOYMENT);
    Map<String, Object> moreReplicas = yaml(DEPLOYMENT.replace("replicas: 4", "replicas: 9"));
    Map<String, Object> newImage = yaml(DEPLOYMENT.replace("1.4.3", "1.4.4"));
    CanaryPlan.ConfigRef cm = new CanaryPlan.ConfigRef("ConfigMap", "checkout-config");

    String base = CanaryManifests.revision(a, Map.of());

    assertThat(CanaryManifests.revision(moreReplicas, Map.of())).isEqualTo(base);
    assertThat(CanaryManifests.revision(newImage, Map.of())).isNotEqualTo(base);
    assertThat(CanaryManifests.revision(a, Map.of(cm, Map.of("LEVEL", "debug"))))
        .isNotEqualTo(base)
        .isEqualTo(CanaryManifests.revision(a, Map.of(cm, Map.of("LEVEL", "debug"))));
  }

  @Test
  void aLiveObjectWithServerDefaultsStillHoldsWhatTheManifestSays() {
    Map<String, Object> desired =
        yaml("spec: {replicas: 4, template: {spec: {containers: [{name: a, image: x}]}}}");
    Map<String, Object> live =
        yaml(
            "spec: {replicas: 4, revisionHistoryLimit: 10, template: {spec: {dnsPolicy: ClusterFirst, containers: [{name: a, image: x, imagePullPolicy: IfNotPresent}]}}}");
    Map<String, Object> changed =
        yaml("spec: {replicas: 4, template: {spec: {containers: [{name: a, image: y}]}}}");

    assertThat(CanaryManifests.liveHolds(live, desired)).isTrue();
    assertThat(CanaryManifests.liveHolds(live, changed)).isFalse();
  }
}
