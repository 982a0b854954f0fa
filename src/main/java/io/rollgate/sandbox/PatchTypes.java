package io.rollgate.sandbox;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Locale;

/** What kind of PATCH a request is, read from its {@code Content-Type}. */
final class PatchTypes {
  static final String APPLY_PATCH = "application/apply-patch+yaml";

  private PatchTypes() {}

  /** A server-side apply patch. */
  static boolean isApply(RecordedRequest request) {
    return contentType(request).startsWith(APPLY_PATCH);
  }

  /**
   * A JSON merge patch; a strategic merge patch ({@code strategic-merge-patch+json}) is treated as
   * one too, an approximation the mock needs since it answers strategic merge patches with 415.
   */
  static boolean isMergePatch(RecordedRequest request) {
    return contentType(request).contains("merge-patch+json");
  }

  private static String contentType(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    return type == null ? "" : type.toLowerCase(Locale.ROOT);
  }
}
