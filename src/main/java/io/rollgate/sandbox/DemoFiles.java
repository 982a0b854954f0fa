package io.rollgate.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo pipeline and its manifests. The jar carries a copy of {@code pipelines/demo.yaml} and
 * {@code pipelines/demo/} under {@code /demo/}; they are copied to a temporary folder so the demo
 * runs the same files a user would, from any working directory.
 */
public final class DemoFiles implements AutoCloseable {
  private static final String ROOT = "/demo";
  private final Path pipeline;
  private final Path tempDir; // null when nothing was extracted

  private DemoFiles(Path pipeline, Path tempDir) {
    this.pipeline = pipeline;
    this.tempDir = tempDir;
  }

  /** A pipeline file the user named; nothing to clean up. */
  public static DemoFiles of(Path pipeline) {
    return new DemoFiles(pipeline, null);
  }

  /** Copies the bundled demo files out of the jar (or classes folder). */
  public static DemoFiles extract() throws IOException {
    URL marker = DemoFiles.class.getResource(ROOT + "/demo.yaml");
    if (marker == null) {
      throw new IOException(
          "the bundled demo pipeline is missing from this build (/demo/demo.yaml)");
    }
    return extractInto(Files.createTempDirectory("rollgate-demo"), dir -> copyBundled(marker, dir));
  }

  /** Runs {@code copy} into {@code target}; when it fails, {@code target} is removed again. */
  static DemoFiles extractInto(Path target, Copy copy) throws IOException {
    DemoFiles files = new DemoFiles(target.resolve("demo.yaml"), target);
    try {
      copy.into(target);
    } catch (IOException | RuntimeException e) {
      try {
        files.close();
      } catch (UncheckedIOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    return files;
  }

  /** Copies files into a folder. */
  @FunctionalInterface
  interface Copy {
    void into(Path target) throws IOException;
  }

  private static void copyBundled(URL marker, Path target) throws IOException {
    try {
      URI uri = marker.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          copyTree(jar.getPath(ROOT), target);
        }
      } else {
        copyTree(Path.of(uri).getParent(), target);
      }
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate the bundled demo files: " + e.getMessage(), e);
    }
  }

  public Path pipeline() {
    return pipeline;
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path p : walk.toList()) {
        Path dest = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
  }

  @Override
  public void close() {
    if (tempDir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(tempDir)) {
      List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + tempDir, e);
    }
  }
}
