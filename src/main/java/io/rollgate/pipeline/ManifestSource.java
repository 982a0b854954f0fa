package io.rollgate.pipeline;

import java.nio.file.Path;

/**
 * One {@code manifests:} entry: a file or folder (resolved against the pipeline file) and where it
 * is named.
 */
record ManifestSource(Path path, String field, SourceLocation declaredAt) {}
