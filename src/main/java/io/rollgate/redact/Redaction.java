package io.rollgate.redact;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rollgate's one redaction policy: the secret values a component holds, and text (a server's error
 * body, an echoed request, a warning, an exception chain) with every one of them replaced by {@link
 * #MASK} before it reaches output, a report or an exception.
 *
 * <p>Which values are secrets:
 *
 * <ul>
 *   <li>a value given as a credential ({@link #of}: a token, a password, an encoded basic-auth
 *       pair), whatever its length;
 *   <li>a header value ({@link #ofHeaders}) when the header's name looks like a credential
 *       (Authorization, or a name containing token, key, secret, password or cookie), whatever its
 *       length, or when the value is {@value #MIN_PLAIN_LENGTH} characters or longer. A shorter
 *       value under a plain name ({@code X-Scope-OrgID: 1}) is not: masking it would mangle
 *       unrelated text ("10s" would become "[redacted]0s");
 *   <li>for a secret of the form "scheme credential" ({@code Bearer abc}, {@code Basic dXNl...}),
 *       the credential after the scheme as well, since servers and apps often echo it alone.
 * </ul>
 *
 * <p>Longer secrets are replaced first, so a value that contains another is masked whole. Never
 * prints its values.
 */
public final class Redaction {
  /** What a secret is replaced with; brackets, not angle brackets, so Markdown shows it. */
  public static final String MASK = "[redacted]";

  /** A value under a plain (not credential-like) header name is a secret from this length on. */
  public static final int MIN_PLAIN_LENGTH = 6;

  private static final List<String> CREDENTIAL_NAME_PARTS =
      List.of("auth", "token", "key", "secret", "password", "cookie");

  /** An auth scheme (a token of letters, digits and dashes), blanks, then one credential. */
  private static final Pattern SCHEME_AND_CREDENTIAL =
      Pattern.compile("[A-Za-z][A-Za-z0-9-]*\\s+(\\S+)");

  private static final Redaction NONE = new Redaction(List.of());

  private final List<String> secrets;

  private Redaction(List<String> secrets) {
    this.secrets = secrets;
  }

  /** Nothing to hide. */
  public static Redaction none() {
    return NONE;
  }

  /** Every value is a credential, masked whatever its length, with its credential part. */
  public static Redaction of(Collection<String> credentials) {
    Set<String> all = new LinkedHashSet<>();
    for (String value : credentials) {
      if (value == null || value.strip().isEmpty()) {
        continue;
      }
      String v = value.strip();
      all.add(v);
      credentialPart(v).ifPresent(all::add);
    }
    return new Redaction(
        all.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList());
  }

  /** The secret ones among these header values, by {@link #isSecretHeader}. */
  public static Redaction ofHeaders(Map<String, String> headers) {
    return of(
        headers.entrySet().stream()
            .filter(h -> isSecretHeader(h.getKey(), h.getValue()))
            .map(Map.Entry::getValue)
            .toList());
  }

  /**
   * Whether a header's name says it carries a credential: *auth* (Authorization,
   * Proxy-Authorization, X-Auth), *token*, *key*, *secret*, *password*, *cookie*.
   */
  public static boolean isCredentialName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return CREDENTIAL_NAME_PARTS.stream().anyMatch(lower::contains);
  }

  /**
   * Whether a header's value is masked in output: a credential-like name ({@link
   * #isCredentialName}), or a value of {@value #MIN_PLAIN_LENGTH}+ characters.
   */
  public static boolean isSecretHeader(String name, String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    return value.strip().length() >= MIN_PLAIN_LENGTH
        || CREDENTIAL_NAME_PARTS.stream().anyMatch(lower::contains);
  }

  /** {@code text} with every secret replaced by {@link #MASK}; "" for null. */
  public String scrub(String text) {
    if (text == null) {
      return "";
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, MASK);
    }
    return out;
  }

  public List<String> scrub(List<String> texts) {
    return texts.stream().map(this::scrub).toList();
  }

  /**
   * {@code cause} itself when no message in its chain holds a secret; otherwise a stand-in chain
   * ({@link ScrubbedException}) with scrubbed messages, the original class names and stack traces.
   */
  public Throwable scrub(Throwable cause) {
    if (cause == null || !leaks(cause)) {
      return cause;
    }
    Throwable inner =
        cause.getCause() == null || cause.getCause() == cause ? null : scrub(cause.getCause());
    ScrubbedException copy =
        new ScrubbedException(cause.getClass().getName(), scrub(cause.getMessage()), inner);
    copy.setStackTrace(cause.getStackTrace());
    return copy;
  }

  private boolean leaks(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c.getMessage() != null && !scrub(c.getMessage()).equals(c.getMessage())) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> credentialPart(String value) {
    Matcher m = SCHEME_AND_CREDENTIAL.matcher(value);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  @Override
  public String toString() {
    return "Redaction[" + secrets.size() + " secrets]";
  }

  /** Stands in for an exception whose message held a secret; prints the original type. */
  public static final class ScrubbedException extends Exception {
    private final String originalType;

    ScrubbedException(String originalType, String message, Throwable cause) {
      super(message, cause);
      this.originalType = originalType;
    }

    /** The class name of the exception this stands in for. */
    public String originalType() {
      return originalType;
    }

    @Override
    public String toString() {
      return originalType + " (scrubbed): " + getMessage();
    }
  }
}
