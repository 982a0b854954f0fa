package io.rollgate.pipeline;

import java.util.List;
import java.util.Map;

/**
 * A checked pipeline and each stage's objects, variables substituted and namespaces filled in; and
 * where the file gives each of its keys, so a problem found later (a stage the file does not have,
 * a credential variable that is not set) can name the file, line and column.
 */
public record LoadedPipeline(
    PipelineSpec spec,
    List<Manifest> stagingManifests,
    List<Manifest> productionManifests,
    Map<String, SourceLocation> locations) {
  public LoadedPipeline {
    stagingManifests = List.copyOf(stagingManifests);
    productionManifests = List.copyOf(productionManifests);
    locations = Map.copyOf(locations);
  }

  public LoadedPipeline(
      PipelineSpec spec, List<Manifest> stagingManifests, List<Manifest> productionManifests) {
    this(spec, stagingManifests, productionManifests, Map.of());
  }

  /**
   * Where the file gives the key at {@code path} ({@code spec.production.canary.analysis
   * .prometheus.bearerTokenEnv}), or else the nearest key above it that it gives; else the file's
   * first line.
   */
  public SourceLocation at(String path) {
    for (String p = path; !p.isEmpty(); p = parent(p)) {
      SourceLocation at = locations.get(p);
      if (at != null) {
        return at;
      }
    }
    return new SourceLocation(spec.file(), 1, 1);
  }

  private static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
  }
}
