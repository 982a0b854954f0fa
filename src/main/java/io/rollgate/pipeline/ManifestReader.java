package io.rollgate.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a stage's manifests: files, or folders read recursively in sorted order ({@code *.yaml},
 * {@code *.yml}, {@code *.json}); multi-document YAML and JSON; empty documents skipped; {@code
 * kind: List} expanded; variables substituted in scalar values. Namespaced objects that name no
 * namespace get the stage's; one naming another namespace is a problem unless the stage allows it.
 */
final class ManifestReader {
  private static final Set<String> EXTENSIONS = Set.of(".yaml", ".yml", ".json");

  /** Most files and folders a manifests folder is searched through (a stray "/" would be all). */
  static final int MAX_ENTRIES = 20_000;

  /** Largest manifest file read (the API server takes objects of at most 1.5 MB). */
  static final long MAX_FILE_BYTES = 32L * 1024 * 1024;

  private final Path pipelineFile;
  private final Variables variables;
  private final Problems problems;
  private final VariableUses uses;

  ManifestReader(Path pipelineFile, Variables variables, Problems problems, VariableUses uses) {
    this.pipelineFile = pipelineFile.toAbsolutePath().normalize();
    this.variables = variables;
    this.problems = problems;
    this.uses = uses;
  }

  List<Manifest> read(ParsedPipeline.Stage stage) {
    Map<String, Manifest> seen = new HashMap<>();
    List<Manifest> manifests = new ArrayList<>();
    for (ManifestSource source : stage.sources()) {
      for (Path file : files(source)) {
        for (Manifest manifest : readFile(file, stage)) {
          Manifest first = seen.putIfAbsent(manifest.id(), manifest);
          if (first == null) {
            manifests.add(manifest);
          } else {
            problems.add(
                manifest.source(),
                "duplicate object "
                    + Excerpt.of(manifest.id())
                    + ", first defined at "
                    + first.source());
          }
        }
      }
    }
    return List.copyOf(manifests);
  }

  private List<Path> files(ManifestSource source) {
    Path path = source.path();
    if (Files.isRegularFile(path)) {
      if (isPipelineFile(path)) {
        problems.add(source.declaredAt(), source.field() + ": is the pipeline file itself");
        return List.of();
      }
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      problems.add(
          source.declaredAt(),
          source.field() + ": no such file or folder: " + Excerpt.of(path.toString()));
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(path)) {
      List<Path> entries = walk.limit(MAX_ENTRIES + 1L).toList();
      if (entries.size() > MAX_ENTRIES) {
        problems.add(
            source.declaredAt(),
            source.field()
                + ": more than "
                + MAX_ENTRIES
                + " files and folders under "
                + path
                + "; name the folder that holds the manifests");
        return List.of();
      }
      List<Path> files =
          entries.stream()
              .filter(Files::isRegularFile)
              .filter(ManifestReader::isManifestFile)
              .filter(p -> !isPipelineFile(p))
              .sorted(Comparator.comparing((Path p) -> slashed(path.relativize(p))))
              .toList();
      if (files.isEmpty()) {
        problems.add(
            source.declaredAt(), source.field() + ": no *.yaml, *.yml or *.json files in " + path);
      }
      return files;
    } catch (IOException | java.io.UncheckedIOException e) {
      problems.add(
          source.declaredAt(),
          source.field() + ": cannot read folder " + path + ": " + FileErrors.describe(e));
      return List.of();
    }
  }

  /** The pipeline file is never one of its own manifests (a folder may hold it). */
  private boolean isPipelineFile(Path p) {
    return p.toAbsolutePath().normalize().equals(pipelineFile);
  }

  private static boolean isManifestFile(Path p) {
    String name = p.getFileName().toString();
    return !name.startsWith(".") && EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  private static String slashed(Path relative) {
    return relative.toString().replace('\\', '/');
  }

  private List<Manifest> readFile(Path file, ParsedPipeline.Stage stage) {
    String text;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        problems.add(
            new SourceLocation(file, 1, 1),
            "a manifest file of more than " + MAX_FILE_BYTES / (1024 * 1024) + " MB");
        return List.of();
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      problems.add(
          new SourceLocation(file, 1, 1), "cannot read manifest: " + FileErrors.describe(e));
      return List.of();
    }
    SourceText source = new SourceText(file, text);
    Reading reading = new Reading(source, problems, uses);
    List<Manifest> manifests = new ArrayList<>();
    for (Node document : Documents.compose(source, text, problems)) {
      Node substituted = YamlTree.substitute(document, variables, reading, Set.of());
      if (!YamlShape.checkManifest(substituted, reading)) {
        continue;
      }
      for (Node object : KubeObjects.expandList(substituted, reading)) {
        KubeObjects.read(object, reading, stage.namespace(), stage.allowOtherNamespaces())
            .ifPresent(manifests::add);
      }
    }
    return manifests;
  }
}
