package io.rollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.rollgate.pipeline.InvalidPipelineException;
import io.rollgate.pipeline.LoadedPipeline;
import io.rollgate.pipeline.Manifest;
import io.rollgate.pipeline.PipelineLoader;
import io.rollgate.pipeline.SmokeCheckSpec;
import io.rollgate.sandbox.SandboxApiServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutation campaign over the valid fixture pipelines and their manifests ({@link PipelineMutator}).
 * For every mutant, {@code validate} in-process exits 0 or 2, never 1; on 2 every line of stderr is
 * {@code file:line:column: message} and none is a stack trace or a class name; on 0 every manifest
 * can be read by fabric8 as the apply will read it. For a sample, {@code run --stage staging}
 * against the sandbox cluster (a dry run when validate passed) exits 0, 2 or 3, and on 2 no write
 * request reached the cluster.
 *
 * <p>A generator of its own rather than jqwik: the mutants are edits of real files (text and tree),
 * not values drawn from types, there is no new dependency for an offline build, and a failure is
 * reproduced from its seed and index alone. Defaults: seed 20261201, 2500 mutants; {@code
 * -Drollgate.fuzz.seed=N -Drollgate.fuzz.mutants=N} re-run the campaign with others, {@code
 * -Drollgate.fuzz.only=INDEX} runs one mutant. Failing mutants are written to {@code
 * target/fuzz-failures/}.
 */
class PipelineFuzzTest {
  private static final long SEED = Long.getLong("rollgate.fuzz.seed", 20261201L);
  private static final int MUTANTS = Integer.getInteger("rollgate.fuzz.mutants", 2500);
  private static final int ONLY = Integer.getInteger("rollgate.fuzz.only", -1);
  private static final boolean VERBOSE = Boolean.getBoolean("rollgate.fuzz.verbose");

  /** One mutant in this many also goes through run --stage staging. */
  private static final int RUN_EVERY = 10;

  private static final Pattern LOCATED = Pattern.compile("^.+:\\d+:\\d+: \\S.*$");

  /** picocli's usage errors (a flag given twice): about the command line, not a file. */
  private static final Pattern USAGE =
      Pattern.compile(
          "^error: option '--namespace' \\(NS\\) should be specified only once$|^Try '.*' for usage\\.$");

  private static final Pattern CLASS_NAME =
      Pattern.compile("\\b[A-Z][A-Za-z]*(Exception|Error)\\b|^\\s+at [a-z]");
  private static final Path FAILURES = Path.of("target/fuzz-failures");

  private static SandboxApiServer api;
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @BeforeAll
  static void startSandbox() {
    api = SandboxApiServer.start();
  }

  @AfterAll
  static void stopSandbox() {
    api.close();
  }

  record Outcome(int exit, String out, String err) {}

  @Test
  void everyMutantIsValidOrBadInputAtALocationAndNothingIsWritten() throws IOException {
    List<PipelineMutator.Base> bases = PipelineMutator.bases();
    List<String> failures = new ArrayList<>();
    Map<String, Integer> exits = new TreeMap<>();
    Path work = Files.createTempDirectory("rollgate-fuzz");
    long started = System.nanoTime();
    long slowest = 0;
    int runs = 0;
    try {
      for (int index = 0; index < MUTANTS; index++) {
        if (ONLY >= 0 && index != ONLY) {
          continue;
        }
        PipelineMutator.Mutant mutant = PipelineMutator.mutant(SEED, index, bases);
        Path root = work.resolve(Integer.toString(index));
        Path pipeline = PipelineMutator.write(mutant, root);
        List<String> args = new ArrayList<>(List.of("validate", pipeline.toString()));
        args.addAll(mutant.flags());
        long t0 = System.nanoTime();
        if (VERBOSE) {
          System.err.println(
              "#" + index + " " + mutant.base().pipeline() + " " + mutant.mutations());
        }
        List<String> problems = new ArrayList<>();
        try {
          Outcome validate = rollgate(args);
          long took = System.nanoTime() - t0;
          slowest = Math.max(slowest, took);
          if (VERBOSE) {
            System.err.println("  validate " + validate.exit() + " in " + took / 1_000_000 + " ms");
          }
          exits.merge("validate " + validate.exit(), 1, Integer::sum);
          problems.addAll(check(validate, List.of(0, 2)));
          if (validate.exit() == 0) {
            problems.addAll(loadedManifestsAreReadable(pipeline, mutant.flags()));
          }
          if (index % RUN_EVERY == 0) {
            runs++;
            Outcome run = run(pipeline, mutant.flags(), validate.exit() == 0);
            exits.merge("run " + run.exit(), 1, Integer::sum);
            problems.addAll(check(run, List.of(0, 2, 3)).stream().map(p -> "run: " + p).toList());
          }
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
          problems.add(
              "threw " + e.getClass().getName() + ": " + excerpt(String.valueOf(e.getMessage())));
        }
        if (!problems.isEmpty()) {
          failures.add(report(index, mutant, problems, root));
        }
        delete(root);
      }
    } finally {
      delete(work);
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    System.out.printf(
        "fuzz: seed %d, %d mutants, %d runs, %d s, slowest validate %d ms, exits %s, %d failing%n",
        SEED, MUTANTS, runs, seconds, slowest / 1_000_000, exits, failures.size());
    assertThat(failures.size())
        .as(
            "mutants that broke the contract (seed %d; files under %s), the first 30:%n%s",
            SEED, FAILURES, String.join("\n", failures.subList(0, Math.min(30, failures.size()))))
        .isZero();
  }

  /** Exit code in {@code allowed}; on 2 every stderr line located; never a class name. */
  private static List<String> check(Outcome outcome, List<Integer> allowed) {
    List<String> problems = new ArrayList<>();
    if (!allowed.contains(outcome.exit())) {
      problems.add("exit " + outcome.exit() + ", expected one of " + allowed);
    }
    List<String> lines = outcome.err().lines().toList();
    if (outcome.exit() == ExitCode.BAD_INPUT) {
      if (lines.isEmpty()) {
        problems.add("exit 2 with nothing on stderr");
      }
      lines.stream()
          .filter(l -> !LOCATED.matcher(l).matches() && !USAGE.matcher(l).matches())
          .findFirst()
          .ifPresent(l -> problems.add("a line without file:line:column: " + excerpt(l)));
    }
    lines.stream()
        .filter(l -> CLASS_NAME.matcher(l).find())
        .findFirst()
        .ifPresent(l -> problems.add("a class name or stack trace: " + excerpt(l)));
    return problems;
  }

  /** What validate passed, the kube adapter can read: no "cannot be read as" halfway through. */
  private static List<String> loadedManifestsAreReadable(Path pipeline, List<String> flags) {
    Map<String, String> set = new LinkedHashMap<>();
    Optional<String> namespace = Optional.empty();
    for (int i = 0; i + 1 < flags.size(); i += 2) {
      if (flags.get(i).equals("--set")) {
        String[] kv = flags.get(i + 1).split("=", 2);
        set.put(kv[0], kv[1]);
      } else {
        namespace = Optional.of(flags.get(i + 1));
      }
    }
    List<String> problems = new ArrayList<>();
    LoadedPipeline loaded;
    try {
      loaded = new PipelineLoader(Map.of()).load(pipeline, set, namespace);
    } catch (InvalidPipelineException e) {
      return List.of("validate passed but the loader refused: " + excerpt(e.getMessage()));
    }
    for (Manifest m : concat(loaded.stagingManifests(), loaded.productionManifests())) {
      Map<String, Object> body = new LinkedHashMap<>(m.body());
      body.put("apiVersion", m.apiVersion());
      body.put("kind", m.kind());
      try {
        SERIALIZATION.convertValue(body, KubernetesResource.class);
      } catch (RuntimeException e) {
        problems.add(m.id() + " passed validate but cannot be read as " + m.kind());
      }
    }
    for (SmokeCheckSpec check : loaded.spec().staging().map(s -> s.smoke()).orElse(List.of())) {
      if (check.url().isPresent() == check.service().isPresent()
          || check.service().map(s -> s.port() < 1 || s.port() > 65535).orElse(false)) {
        problems.add("smoke check " + check.name() + " passed validate with no usable target");
      }
    }
    return problems;
  }

  private static List<Manifest> concat(List<Manifest> a, List<Manifest> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  /**
   * run --stage staging (a dry run when validate passed); on exit 2 nothing was written (dry runs
   * of the preflight store nothing).
   */
  private static Outcome run(Path pipeline, List<String> flags, boolean valid) {
    long writesBefore = api.realWriteRequestCount();
    List<String> args = new ArrayList<>(List.of("run", pipeline.toString(), "--stage", "staging"));
    if (valid) {
      args.add("--dry-run");
    }
    args.addAll(flags);
    Outcome run = rollgate(args);
    long writes = api.realWriteRequestCount() - writesBefore;
    if (run.exit() == ExitCode.BAD_INPUT && writes > 0) {
      return new Outcome(-2, run.out(), run.err() + "\n" + writes + " write requests on exit 2");
    }
    return run;
  }

  private static Outcome rollgate(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Services services =
        Services.system()
            .withClock(Clock.systemUTC())
            .withSleeper(d -> {})
            .withEnvironment(Map.of())
            .withClusters(
                (kubeconfig, context) ->
                    new KubernetesClientBuilder()
                        .withConfig(api.client().getConfiguration())
                        .build())
            .withTunnels(
                client ->
                    (namespace, service) -> {
                      throw new java.io.IOException("the campaign runs no smoke check");
                    });
    int exit =
        RollgateCommand.newCommandLine(
                new PrintWriter(out, true), new PrintWriter(err, true), services)
            .execute(args.toArray(String[]::new));
    return new Outcome(exit, out.toString(), err.toString());
  }

  private static String report(
      int index, PipelineMutator.Mutant mutant, List<String> problems, Path root)
      throws IOException {
    Path keep = FAILURES.resolve(SEED + "-" + index);
    delete(keep);
    Files.createDirectories(keep);
    PipelineMutator.write(mutant, keep);
    Files.writeString(keep.resolve("FLAGS"), String.join("\n", mutant.flags()));
    return "#"
        + index
        + " "
        + mutant.base().pipeline()
        + " "
        + mutant.mutations()
        + " flags "
        + mutant.flags().stream().map(PipelineMutator::visible).toList()
        + ": "
        + problems;
  }

  private static String excerpt(String text) {
    String cut = text.length() > 300 ? text.substring(0, 300) + "…" : text;
    return cut.replace("\n", "\\n").replace("\t", "\\t");
  }

  private static void delete(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
