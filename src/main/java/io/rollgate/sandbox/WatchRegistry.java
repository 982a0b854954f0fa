package io.rollgate.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import java.lang.reflect.Field;
import java.util.Set;

/**
 * The set of open watches a {@link KubernetesCrudDispatcher} sends events to. fabric8 keeps it
 * private; a watch whose close is moved off the event loop must leave it at once (see {@link
 * OffLoopCloseListener}), so it is read here, once per dispatcher. Removing from it is safe from
 * any thread (it is a {@code CopyOnWriteArraySet}).
 */
final class WatchRegistry {
  private static final String FIELD = "watchEventListeners";

  private WatchRegistry() {}

  static Set<?> of(KubernetesCrudDispatcher dispatcher) {
    try {
      Field field = KubernetesCrudDispatcher.class.getDeclaredField(FIELD);
      field.setAccessible(true);
      return (Set<?>) field.get(dispatcher);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "fabric8's KubernetesCrudDispatcher has no readable Set field '"
              + FIELD
              + "' (was the mock server upgraded?)",
          e);
    }
  }
}
