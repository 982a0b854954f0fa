package io.rollgate.kube;

import io.rollgate.pipeline.Manifest;
import java.time.Duration;
import java.util.List;

/** What applying a manifest set did to each object, in the order they were applied. */
public record ApplyResult(List<AppliedObject> objects) {
  public ApplyResult {
    objects = List.copyOf(objects);
  }

  /** One object: what changed and how long it took (retries included). */
  public record AppliedObject(Manifest manifest, Change change, Duration took) {}

  public enum Change {
    CREATED,
    CONFIGURED,
    UNCHANGED
  }

  public long count(Change change) {
    return objects.stream().filter(o -> o.change() == change).count();
  }
}
