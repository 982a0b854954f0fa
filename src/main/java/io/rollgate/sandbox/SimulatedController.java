package io.rollgate.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the Deployment, StatefulSet and DaemonSet controllers and the kubelet for the sandbox
 * cluster of {@code rollgate demo} (and for tests): it watches those workloads in all namespaces
 * and, whenever one is created or its spec changes, starts pods one every {@code podStartInterval}
 * and writes the workload's status after each step, as the real controllers do. Pods whose image
 * ends with {@code :broken} or contains {@code does-not-exist} stay in ImagePullBackOff.
 *
 * <p>All work runs on one scheduler thread; informers (list, then watch, re-listing when a watch
 * ends) feed it, so creates and server-side-apply patches alike arrive as ordinary watch events.
 */
public final class SimulatedController implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedController.class);

  private final ScheduledExecutorService scheduler;
  private final Duration podStartInterval;

  /** Consecutive failed steps after which a workload is left alone until its next change. */
  private static final int MAX_FAILED_STEPS = 5;

  private final Map<String, ScheduledFuture<?>> active = new HashMap<>();
  private final Map<String, Integer> failedSteps = new HashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final DeploymentSimulation deployments;
  private final StatefulSetSimulation statefulSets;
  private final DaemonSetSimulation daemonSets;

  private SimulatedController(KubernetesClient client, Duration podStartInterval, Clock clock) {
    this.podStartInterval = podStartInterval;
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "simulated-controller");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    this.scheduler = executor;
    SimulatedPods pods = new SimulatedPods(client, clock);
    this.deployments = new DeploymentSimulation(client, pods, clock);
    this.statefulSets = new StatefulSetSimulation(client, pods);
    this.daemonSets = new DaemonSetSimulation(client, pods);
  }

  /** Starts watching all namespaces; returns once the informers have listed what exists. */
  public static SimulatedController start(KubernetesClient client, Duration podStartInterval) {
    return start(client, podStartInterval, Clock.systemUTC());
  }

  /**
   * As {@link #start(KubernetesClient, Duration)}, with the clock that stamps pod and condition
   * times.
   */
  public static SimulatedController start(
      KubernetesClient client, Duration podStartInterval, Clock clock) {
    if (podStartInterval.isNegative()) {
      throw new IllegalArgumentException(
          "podStartInterval must not be negative, was " + podStartInterval);
    }
    SimulatedController controller = new SimulatedController(client, podStartInterval, clock);
    controller.informers.add(
        client
            .apps()
            .deployments()
            .inAnyNamespace()
            .inform(controller.handler("Deployment", controller.deployments::cleanUp)));
    controller.informers.add(
        client
            .apps()
            .statefulSets()
            .inAnyNamespace()
            .inform(controller.handler("StatefulSet", controller.statefulSets::cleanUp)));
    controller.informers.add(
        client
            .apps()
            .daemonSets()
            .inAnyNamespace()
            .inform(controller.handler("DaemonSet", controller.daemonSets::cleanUp)));
    return controller;
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler(
      String kind, Consumer<T> cleanUp) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        kick(kind, obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        kick(kind, newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        submit(() -> cleanUp.accept(obj));
      }
    };
  }

  /**
   * Starts a step loop for the workload unless one is already under way (it reads fresh state each
   * step).
   */
  private void kick(String kind, HasMetadata obj) {
    String namespace = obj.getMetadata().getNamespace();
    String name = obj.getMetadata().getName();
    submit(
        () -> {
          String key = kind + "/" + namespace + "/" + name;
          if (!active.containsKey(key)) {
            step(key, kind, namespace, name);
          }
        });
  }

  private void step(String key, String kind, String namespace, String name) {
    active.remove(key);
    boolean more;
    try {
      more =
          switch (kind) {
            case "Deployment" -> deployments.step(namespace, name);
            case "StatefulSet" -> statefulSets.step(namespace, name);
            default -> daemonSets.step(namespace, name);
          };
      failedSteps.remove(key);
    } catch (KubernetesClientException e) {
      // a controller requeues a failed reconcile; it gives up after a few until the next change
      int failures = failedSteps.merge(key, 1, Integer::sum);
      more = failures < MAX_FAILED_STEPS;
      LOG.debug(
          "simulated {} controller: step {} for {}/{} failed (HTTP {})",
          kind,
          failures,
          namespace,
          name,
          e.getCode());
      if (!more) {
        failedSteps.remove(key);
        LOG.warn(
            "simulated {} controller: gave up on {}/{} after {} failed steps",
            kind,
            namespace,
            name,
            failures);
      }
    }
    if (more && !scheduler.isShutdown()) {
      active.put(
          key,
          scheduler.schedule(
              () -> step(key, kind, namespace, name),
              podStartInterval.toNanos(),
              TimeUnit.NANOSECONDS));
    }
  }

  private void submit(Runnable task) {
    try {
      scheduler.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              LOG.debug("simulated controller: {}", e.toString());
            }
          });
    } catch (RejectedExecutionException e) {
      // closed: events that still arrive are dropped
    }
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    scheduler.shutdownNow();
  }
}
