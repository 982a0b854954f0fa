package io.rollgate.kube;

import io.rollgate.pipeline.Manifest;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Before the first write, the cluster refused objects: a kind it does not serve, or an object its
 * dry run rejected. Bad input (exit 2): nothing was written. One line per refused object, at the
 * file and line the object starts.
 */
public final class ManifestsRefusedException extends ApplyException {
  /** One refused object: the HTTP code of the answer ({@code 0} when found without one) and why. */
  public record Refusal(Manifest manifest, int code, String reason) {
    @Override
    public String toString() {
      return manifest.source()
          + ": "
          + manifest.id()
          + ": "
          + (code > 0 && code != 404 ? "HTTP " + code + ": " : "")
          + reason;
    }
  }

  private final List<Refusal> refusals;

  public ManifestsRefusedException(List<Refusal> refusals, int checked) {
    super(
        "the cluster refused "
            + refusals.size()
            + " of "
            + checked
            + (checked == 1 ? " object" : " objects")
            + " before anything was written (discovery and a server-side dry run); nothing was"
            + " applied:\n"
            + refusals.stream().map(Refusal::toString).collect(Collectors.joining("\n")),
        refusals.get(0).manifest().id(),
        refusals.get(0).code(),
        refusals.get(0).reason(),
        null);
    this.refusals = List.copyOf(refusals);
  }

  public List<Refusal> refusals() {
    return refusals;
  }
}
