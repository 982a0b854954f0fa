package io.rollgate.analysis;

import java.util.Map;

/**
 * Renders a query template with variables. The implementation lives with the template language
 * ({@code metrics.QueryTemplate}, which escapes each value for its place), so this package stays
 * free of it and the package graph free of cycles; wire it as {@code (template, vars) ->
 * QueryTemplate.parse(template).render(vars)}, turning a {@code TemplateException} into a {@link
 * RenderException}.
 */
@FunctionalInterface
public interface QueryRenderer {
  String render(String template, Map<String, String> variables) throws RenderException;

  /** Rollgate's template language ({@link io.rollgate.query.QueryTemplate}), values escaped. */
  static QueryRenderer templates() {
    return (template, variables) -> {
      try {
        return io.rollgate.query.QueryTemplate.parse(template).render(variables);
      } catch (io.rollgate.query.TemplateException e) {
        throw new RenderException(e.getMessage(), e);
      }
    };
  }

  /** A template that does not render (unknown variable, a value that cannot go where it stands). */
  final class RenderException extends Exception {
    public RenderException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
