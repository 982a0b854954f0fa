package io.rollgate.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Reads {@code spec.staging.smoke}: the HTTP checks run after the staging rollout. */
final class SmokeParser {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
  private static final Set<String> CHECK =
      Set.of(
          "name",
          "url",
          "service",
          "path",
          "method",
          "headers",
          "expect",
          "retry",
          "timeout",
          "insecureSkipVerify");
  private static final Set<String> SERVICE = Set.of("name", "port");
  private static final Set<String> EXPECT =
      Set.of("status", "bodyContains", "jsonField", "jsonValue", "maxLatency");
  private static final Set<String> RETRY = Set.of("attempts", "backoff");
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final Reading reading;

  SmokeParser(Reading reading) {
    this.reading = reading;
  }

  List<SmokeCheckSpec> parse(Fields staging) {
    List<SmokeCheckSpec> checks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Fields.Item item : staging.list("smoke")) {
      Optional<Fields> fields = Fields.of(item.node(), item.path(), reading, CHECK);
      fields
          .map(this::check)
          .ifPresent(
              check -> {
                if (!check.name().isEmpty() && !names.add(check.name())) {
                  fields
                      .get()
                      .problem(
                          "name", "duplicate smoke check name '" + Excerpt.of(check.name()) + "'");
                }
                checks.add(check);
              });
    }
    return checks;
  }

  private SmokeCheckSpec check(Fields f) {
    String name = f.requiredString("name");
    Optional<String> url = f.string("url");
    Optional<SmokeCheckSpec.ServiceRef> service = f.mapping("service", SERVICE).map(this::service);
    if (f.has("url") == f.has("service")) {
      f.problem("give exactly one of 'url' or 'service'");
    }
    if (f.isEmpty("url")) {
      f.problem("url", "must be an http:// or https:// URL, was empty");
    }
    // the URL is not echoed: it may carry user:password@
    url.filter(u -> !u.isEmpty())
        .flatMap(Urls::problem)
        .ifPresent(problem -> f.problem("url", problem));
    String path = f.string("path").orElse("/");
    if (!path.startsWith("/")) {
      f.problem("path", "must start with '/', was '" + Excerpt.of(path) + "'");
    } else if (!Urls.isPathAndQuery(path)) {
      f.problem(
          "path",
          "must be a URL path (no spaces or control characters), was '" + Excerpt.of(path) + "'");
    }
    if (url.isPresent() && f.has("path")) {
      f.problem("path", "goes with 'service'; put the path into 'url'");
    }
    String method = f.string("method").orElse("GET").toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      f.problem(
          "method",
          "must be one of "
              + METHODS.stream().sorted().toList()
              + ", was '"
              + Excerpt.of(method)
              + "'");
    }
    SmokeCheckSpec.Expect expect =
        f.mapping("expect", EXPECT).map(this::expect).orElse(defaultExpect());
    SmokeCheckSpec.Retry retry =
        f.mapping("retry", RETRY)
            .map(
                r ->
                    new SmokeCheckSpec.Retry(
                        r.integer("attempts", 1, 1, 100), r.duration("backoff", DEFAULT_BACKOFF)))
            .orElse(SmokeCheckSpec.Retry.once());
    return new SmokeCheckSpec(
        name,
        url,
        service,
        path,
        method,
        f.stringMap("headers"),
        expect,
        retry,
        f.duration("timeout", DEFAULT_TIMEOUT),
        f.bool("insecureSkipVerify", false));
  }

  private SmokeCheckSpec.ServiceRef service(Fields f) {
    String name = f.requiredString("name");
    if (!name.isBlank()) {
      KubeNames.nameProblem("Service", name)
          .ifPresent(p -> f.problem("name", p + ", was '" + Excerpt.of(name) + "'"));
    }
    f.require("port");
    if (f.isEmpty("port")) {
      f.problem("port", "must be a port number 1..65535, was empty");
    }
    return new SmokeCheckSpec.ServiceRef(name, f.integer("port", 0, 1, 65535));
  }

  private SmokeCheckSpec.Expect expect(Fields f) {
    Optional<String> jsonField = f.string("jsonField");
    Optional<String> jsonValue = f.string("jsonValue");
    if (jsonField.isPresent() != jsonValue.isPresent()) {
      f.problem("give 'jsonField' and 'jsonValue' together");
    }
    return new SmokeCheckSpec.Expect(
        f.integer("status", 200, 100, 599),
        f.string("bodyContains"),
        jsonField,
        jsonValue,
        f.duration("maxLatency"));
  }

  private static SmokeCheckSpec.Expect defaultExpect() {
    return new SmokeCheckSpec.Expect(
        200, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
