package io.rollgate.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the kubelet would make of a pod template: a running, ready pod, or one stuck pulling its
 * image.
 */
final class SimulatedPods {
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final KubernetesClient client;
  private final Clock clock;
  private final AtomicInteger ips = new AtomicInteger(10);

  SimulatedPods(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** A short, stable hash of a pod template, spelled like Kubernetes' pod-template-hash. */
  static String templateHash(PodTemplateSpec template) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(Serialization.asJson(template).getBytes(StandardCharsets.UTF_8));
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < 10; i++) {
        out.append(ALPHABET.charAt((digest[i] & 0xff) % ALPHABET.length()));
      }
      return out.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Images the demo uses to show a failure: a tag ending in ":broken" or a name containing
   * "does-not-exist".
   */
  static Optional<String> brokenImage(PodTemplateSpec template) {
    return containers(template).stream()
        .map(Container::getImage)
        .filter(
            image ->
                image != null && (image.endsWith(":broken") || image.contains("does-not-exist")))
        .findFirst();
  }

  /** Images that start and then exit at once, again and again: a tag ending in "crashloop". */
  static Optional<String> crashingImage(PodTemplateSpec template) {
    return containers(template).stream()
        .map(Container::getImage)
        .filter(image -> image != null && image.endsWith("crashloop"))
        .findFirst();
  }

  static boolean ownedBy(HasMetadata object, String uid) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> uid.equals(o.getUid()));
  }

  static OwnerReference controllerRef(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  static String randomSuffix(int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET.charAt(ThreadLocalRandom.current().nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  /** Creates the pod from the template, then reports its status as a kubelet would. */
  Pod start(
      String namespace,
      String name,
      PodTemplateSpec template,
      Map<String, String> extraLabels,
      OwnerReference owner,
      String node) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
      labels.putAll(template.getMetadata().getLabels());
    }
    labels.putAll(extraLabels);
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(labels)
            .withAnnotations(
                template.getMetadata() == null ? Map.of() : template.getMetadata().getAnnotations())
            .withOwnerReferences(owner)
            .endMetadata()
            .withSpec(
                (template.getSpec() == null
                        ? new PodSpecBuilder()
                        : new PodSpecBuilder(template.getSpec()))
                    .withNodeName(node)
                    .build())
            .build();
    client.resource(pod).create();
    PodStatus status =
        brokenImage(template)
            .map(image -> pulling(template, image))
            .or(() -> crashingImage(template).map(image -> crashing(template, image, node)))
            .orElseGet(() -> running(template, node));
    return client
        .pods()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            current -> {
              current.setStatus(status);
              return current;
            });
  }

  void delete(Pod pod) {
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .delete();
  }

  private PodStatus running(PodTemplateSpec template, String node) {
    String now = clock.instant().toString();
    List<ContainerStatus> statuses = new ArrayList<>();
    for (Container c : containers(template)) {
      statuses.add(
          new ContainerStatusBuilder()
              .withName(c.getName())
              .withImage(c.getImage())
              .withImageID(c.getImage() + "@sha256:" + HexFormat.of().formatHex(new byte[8]))
              .withReady(true)
              .withStarted(true)
              .withRestartCount(0)
              .withNewState()
              .withNewRunning()
              .withStartedAt(now)
              .endRunning()
              .endState()
              .build());
    }
    int ip = ips.getAndIncrement();
    return new PodStatusBuilder()
        .withPhase("Running")
        .withHostIP("172.18.0." + (node.hashCode() & 0x7f))
        .withPodIP("10.244." + (ip / 250) + "." + (ip % 250 + 2))
        .withStartTime(now)
        .withConditions(
            condition("PodScheduled", "True", now, ""),
            condition("Initialized", "True", now, ""),
            condition("ContainersReady", "True", now, ""),
            condition("Ready", "True", now, ""))
        .withContainerStatuses(statuses)
        .build();
  }

  private PodStatus pulling(PodTemplateSpec template, String brokenImage) {
    String now = clock.instant().toString();
    List<ContainerStatus> statuses = new ArrayList<>();
    for (Container c : containers(template)) {
      boolean broken = brokenImage.equals(c.getImage());
      ContainerStatusBuilder status =
          new ContainerStatusBuilder()
              .withName(c.getName())
              .withImage(c.getImage())
              .withReady(false)
              .withStarted(false)
              .withRestartCount(0);
      statuses.add(
          broken
              ? status
                  .withNewState()
                  .withNewWaiting()
                  .withReason("ImagePullBackOff")
                  .withMessage(
                      "Back-off pulling image \""
                          + c.getImage()
                          + "\": ErrImagePull: rpc error: code = NotFound desc = failed to pull and"
                          + " unpack image \""
                          + c.getImage()
                          + "\": not found")
                  .endWaiting()
                  .endState()
                  .build()
              : status
                  .withNewState()
                  .withNewWaiting()
                  .withReason("PodInitializing")
                  .endWaiting()
                  .endState()
                  .build());
    }
    return new PodStatusBuilder()
        .withPhase("Pending")
        .withStartTime(now)
        .withConditions(
            condition("PodScheduled", "True", now, ""),
            condition("Initialized", "True", now, ""),
            condition("ContainersReady", "False", now, "ContainersNotReady"),
            condition("Ready", "False", now, "ContainersNotReady"))
        .withContainerStatuses(statuses)
        .build();
  }

  /** The container ran, exited with 1, and the kubelet now backs off restarting it. */
  private PodStatus crashing(PodTemplateSpec template, String crashImage, String node) {
    PodStatus status = running(template, node);
    String now = clock.instant().toString();
    for (ContainerStatus c : status.getContainerStatuses()) {
      if (crashImage.equals(c.getImage())) {
        c.setReady(false);
        c.setRestartCount(3);
        c.setState(
            new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                .withNewWaiting()
                .withReason("CrashLoopBackOff")
                .withMessage(
                    "back-off 40s restarting failed container=" + c.getName() + " pod=(sandbox)")
                .endWaiting()
                .build());
        c.setLastState(
            new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                .withNewTerminated()
                .withExitCode(1)
                .withReason("Error")
                .withFinishedAt(now)
                .endTerminated()
                .build());
      }
    }
    status.setConditions(
        List.of(
            condition("PodScheduled", "True", now, ""),
            condition("Initialized", "True", now, ""),
            condition("ContainersReady", "False", now, "ContainersNotReady"),
            condition("Ready", "False", now, "ContainersNotReady")));
    return status;
  }

  private static PodCondition condition(String type, String status, String now, String reason) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withLastTransitionTime(now)
        .withReason(reason.isEmpty() ? null : reason)
        .build();
  }

  private static List<Container> containers(PodTemplateSpec template) {
    return template.getSpec() == null || template.getSpec().getContainers() == null
        ? List.of()
        : template.getSpec().getContainers();
  }
}
