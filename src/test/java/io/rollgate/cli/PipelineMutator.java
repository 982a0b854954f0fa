package io.rollgate.cli;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Mutants of the valid fixture pipelines and their manifests, for {@link PipelineFuzzTest}: keys
 * deleted, renamed and duplicated; values of the wrong type, huge, negative and odd; bad durations
 * and variables; unbalanced templates; tags, aliases, alias bombs, deep nesting; control
 * characters; JSON layouts; paths that escape or loop; odd {@code --set} and {@code -n} flags. Each
 * mutant comes from its own random stream, so one can be made again from (seed, index).
 */
final class PipelineMutator {
  /** A pipeline and its manifests, by path relative to the repository root. */
  record Base(String pipeline, Map<String, String> files) {}

  /** What to run: the files (relative paths), extra command-line flags, what was done. */
  record Mutant(
      Base base,
      Map<String, String> files,
      List<String> symlinks,
      List<String> flags,
      List<String> mutations) {}

  private static final List<String> FIXTURES =
      List.of(
          "test-fixtures/pipelines/valid-full.yaml test-fixtures/manifests/checkout",
          "test-fixtures/pipelines/valid-minimal.yaml test-fixtures/manifests/checkout",
          "pipelines/checkout.yaml test-fixtures/manifests/checkout",
          "pipelines/demo.yaml pipelines/demo");

  private static final List<String> FRAGMENTS =
      List.of(
          "!!binary ",
          "!!int ",
          "!!seq ",
          "!!map ",
          "!!str ",
          "!!float ",
          "!!set ",
          "!foo ",
          "!<tag:yaml.org,2002:omap> ",
          "&a ",
          "*a ",
          "*nope ",
          "{",
          "}",
          "[",
          "]",
          "\"",
          "'",
          "\t",
          "\u0000",
          "\u0001",
          "\u007f",
          "# c ",
          "${",
          "}",
          "}}",
          "{{",
          ": ",
          "- ",
          "\n",
          "---\n",
          "...\n",
          "<<: *a\n",
          "\uFEFF",
          "? ",
          "|",
          ">",
          "%YAML 1.1\n",
          "@",
          "`",
          ",",
          "\r",
          "\u2028",
          "\\",
          "$${",
          "${IMAGE}",
          "{{namespace}}",
          "{{nope}}");

  private static final List<String> PATHS =
      List.of(
          "/",
          "..",
          "../../../../../..",
          ".",
          "./",
          "nope",
          "m\\0x",
          "\\t",
          "~",
          "''",
          "../manifests",
          "pipelines",
          "demo.yaml",
          "checkout.yaml",
          "valid-full.yaml",
          "loop",
          "../../test-fixtures/manifests/checkout/../checkout",
          "/dev/null",
          "/proc/self");

  private static final List<String> DURATIONS =
      List.of(
          "0s",
          "-5s",
          "1000000000h",
          "5 minutes",
          "1.5h",
          "480h",
          "481h",
          "99999999999999999999h",
          "500ms",
          "1ms",
          "30m1h",
          "1h 30m",
          "ms",
          "",
          "5",
          "2147483648ms",
          "9223372036854775807s");

  private final SplittableRandom random;
  private final List<String> done = new ArrayList<>();

  private PipelineMutator(SplittableRandom random) {
    this.random = random;
  }

  static List<Base> bases() {
    List<Base> bases = new ArrayList<>();
    for (String line : FIXTURES) {
      String[] parts = line.split(" ");
      Map<String, String> files = new LinkedHashMap<>();
      files.put(parts[0], read(Path.of(parts[0])));
      try (var walk = Files.list(Path.of(parts[1]))) {
        walk.sorted().forEach(p -> files.put(p.toString().replace('\\', '/'), read(p)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      bases.add(new Base(parts[0], Map.copyOf(files)));
    }
    return bases;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The mutant number {@code index} of the campaign with this seed. */
  static Mutant mutant(long seed, int index, List<Base> bases) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
    return new PipelineMutator(random).mutate(bases.get(random.nextInt(bases.size())));
  }

  private Mutant mutate(Base base) {
    Map<String, String> files = new LinkedHashMap<>(base.files());
    List<String> symlinks = new ArrayList<>();
    List<String> flags = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      int kind = random.nextInt(100);
      if (kind < 6) {
        flags.addAll(oddFlag());
        continue;
      }
      if (kind < 8) {
        String folder = parent(pick(new ArrayList<>(files.keySet())));
        symlinks.add(folder + "/loop");
        done.add("symlink " + folder + "/loop -> ..");
        continue;
      }
      List<String> names = new ArrayList<>(files.keySet());
      String file = random.nextInt(2) == 0 ? base.pipeline() : pick(names);
      files.put(file, mutateText(files.get(file), file.equals(base.pipeline())));
    }
    return new Mutant(base, files, symlinks, flags, List.copyOf(done));
  }

  private List<String> oddFlag() {
    if (random.nextBoolean()) {
      String value =
          pick(List.of("", "Bad_NS", "a\nb", "n".repeat(64), "ok-ns", "UPPER", "-x", "a.b"));
      done.add("-n '" + value + "'");
      return List.of("-n", value);
    }
    String set =
        pick(
            List.of(
                "IMAGE=ghcr.io/acme/x:1",
                "IMAGEE=x",
                "=x",
                "1BAD=x",
                "A-B=1",
                "WINDOW=5m",
                "WINDOW=" + "5m".repeat(800),
                "VERSION=2",
                "IMAGE=",
                "IMAGE=${IMAGE}",
                "IMAGE=" + "x".repeat(2000),
                "namespace=x",
                "IMAGE=a\nb: c"));
    done.add("--set " + set.substring(0, Math.min(set.length(), 40)));
    return List.of("--set", set);
  }

  private String mutateText(String text, boolean pipeline) {
    int op = random.nextInt(pipeline ? 17 : 15);
    return switch (op) {
      case 0, 1, 2, 3, 4, 5 -> tree(text, pipeline);
      case 6 -> duplicateLine(text);
      case 7 -> deleteLine(text);
      case 8 -> insert(text, pick(FRAGMENTS));
      case 9 -> replaceValue(text, pipeline);
      case 10 -> aliases(text);
      case 11 -> indent(text);
      case 12 -> truncate(text);
      case 13 -> longLine(text);
      case 14 -> json(text);
      default -> paths(text);
    };
  }

  // --- text mutations -------------------------------------------------------------------------

  private List<String> lines(String text) {
    return new ArrayList<>(List.of(text.split("\n", -1)));
  }

  private String duplicateLine(String text) {
    List<String> lines = lines(text);
    int i = random.nextInt(lines.size());
    lines.add(i, lines.get(i));
    done.add("duplicate line " + (i + 1));
    return String.join("\n", lines);
  }

  private String deleteLine(String text) {
    List<String> lines = lines(text);
    int i = random.nextInt(lines.size());
    lines.remove(i);
    done.add("delete line " + (i + 1));
    return String.join("\n", lines);
  }

  private String insert(String text, String fragment) {
    int at = random.nextInt(text.length() + 1);
    done.add("insert " + visible(fragment) + " at " + at);
    return text.substring(0, at) + fragment + text.substring(at);
  }

  /** A "key: value" line gets an odd value, written as raw YAML. */
  private String replaceValue(String text, boolean pipeline) {
    List<String> lines = lines(text);
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches("\\s*-?\\s*[A-Za-z]+: \\S.*")) {
        candidates.add(i);
      }
    }
    if (candidates.isEmpty()) {
      return insert(text, pick(FRAGMENTS));
    }
    int i = pick(candidates);
    String line = lines.get(i);
    int colon = line.indexOf(": ");
    List<String> raw =
        new ArrayList<>(
            List.of(
                "!!int abc",
                "!!binary \"@@@\"",
                "!foo x",
                "!!seq {a: b}",
                "&r [*r]",
                "*nope",
                "~",
                "''",
                "-1",
                "0",
                "2147483648",
                "1e400",
                ".nan",
                "0x1F",
                "yes",
                "1:30",
                "\"\\0\"",
                "\"a\\u0001b\"",
                "\"\\u202e\"",
                "[]",
                "{}",
                "[1, [2, [3]]]",
                "\"${NO_SUCH}\"",
                "\"${\"",
                "\"{{\"",
                "\"}}{{x\"",
                "'{{ namespace }}'",
                "\"" + "x".repeat(random.nextInt(1, 20_000)) + "\"",
                "|\n  block\n  text"));
    raw.addAll(DURATIONS.stream().map(d -> "'" + d + "'").toList());
    if (pipeline) {
      raw.addAll(PATHS.stream().map(p -> "[" + p + "]").toList());
    }
    String value = pick(raw);
    lines.set(i, line.substring(0, colon + 2) + value);
    done.add("line " + (i + 1) + " value -> " + visible(value));
    return String.join("\n", lines);
  }

  private String aliases(String text) {
    int depth = random.nextInt(2, 26);
    StringBuilder bomb = new StringBuilder("\nx-bomb:\n  l0: &l0 [x, x]\n");
    for (int i = 1; i < depth; i++) {
      bomb.append("  l%d: &l%d [*l%d, *l%d]\n".formatted(i, i, i - 1, i - 1));
    }
    return switch (random.nextInt(3)) {
      case 0 -> {
        done.add("alias bomb of depth " + depth);
        yield text + bomb;
      }
      case 1 -> {
        done.add("recursive alias");
        yield text + "\nx-self: &self {me: *self}\n";
      }
      default -> {
        int levels = random.nextInt(40, 160);
        done.add("nesting of " + levels);
        yield text + "\nx-deep: " + "[".repeat(levels) + "]".repeat(levels) + "\n";
      }
    };
  }

  private String indent(String text) {
    List<String> lines = lines(text);
    int i = random.nextInt(lines.size());
    String shift = pick(List.of(" ", "  ", "\t", "   "));
    lines.set(i, random.nextBoolean() ? shift + lines.get(i) : lines.get(i).stripLeading());
    done.add("indent line " + (i + 1));
    return String.join("\n", lines);
  }

  private String truncate(String text) {
    int at = random.nextInt(text.length() + 1);
    done.add("truncate at " + at);
    return text.substring(0, at);
  }

  private String longLine(String text) {
    int length = random.nextInt(1_000, 300_000);
    List<String> lines = lines(text);
    int i = random.nextInt(lines.size() + 1);
    String line =
        random.nextBoolean() ? "# " + "c".repeat(length) : "x-long: " + "v".repeat(length);
    lines.add(i, line);
    done.add("long line of " + length + " at " + (i + 1));
    return String.join("\n", lines);
  }

  /** The file rewritten as JSON (pretty, tab-indented or compact, maybe with \/ escapes). */
  private String json(String text) {
    if (text.contains("x-bomb") || text.contains("x-self")) {
      return insert(text, pick(FRAGMENTS)); // JSON has no aliases: it would expand the bomb here
    }
    Object document;
    try {
      document = yaml().load(text);
    } catch (RuntimeException e) {
      return insert(text, pick(FRAGMENTS));
    }
    GsonBuilder gson =
        new GsonBuilder()
            .serializeNulls()
            .disableHtmlEscaping()
            .serializeSpecialFloatingPointValues();
    String json =
        random.nextBoolean()
            ? gson.setPrettyPrinting().create().toJson(document)
            : gson.create().toJson(document);
    if (random.nextBoolean()) {
      json = json.replace("  ", "\t");
    }
    if (random.nextBoolean()) {
      json = json.replace("/", "\\/");
    }
    done.add("as JSON");
    return json;
  }

  private String paths(String text) {
    String path = pick(PATHS);
    done.add("manifests -> " + visible(path));
    return text.replaceFirst("manifests: \\[[^]]*]", "manifests: [\"" + path + "\"]");
  }

  // --- tree mutations -------------------------------------------------------------------------

  private static Yaml yaml() {
    DumperOptions dump = new DumperOptions();
    dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    dump.setWidth(Integer.MAX_VALUE);
    LoaderOptions load = new LoaderOptions();
    return new Yaml(new SafeConstructor(load), new Representer(dump), dump, load);
  }

  private String tree(String text, boolean pipeline) {
    List<Object> documents = new ArrayList<>();
    try {
      yaml().loadAll(text).forEach(documents::add);
    } catch (RuntimeException e) {
      return insert(text, pick(FRAGMENTS));
    }
    if (documents.isEmpty() || documents.get(0) == null) {
      return insert(text, pick(FRAGMENTS));
    }
    int d = random.nextInt(documents.size());
    documents.set(d, mutateNode(documents.get(d), 0, pipeline));
    return yaml().dumpAll(documents.iterator());
  }

  @SuppressWarnings("unchecked")
  private Object mutateNode(Object node, int depth, boolean pipeline) {
    boolean here = random.nextInt(4) == 0 || depth > 8;
    if (node instanceof Map<?, ?> map && !map.isEmpty() && !here) {
      Map<Object, Object> copy = new LinkedHashMap<>((Map<Object, Object>) map);
      Object key = pick(new ArrayList<>(copy.keySet()));
      switch (random.nextInt(6)) {
        case 0 -> {
          copy.remove(key);
          done.add("delete key " + key);
        }
        case 1 -> {
          Object value = copy.remove(key);
          String renamed = typo(String.valueOf(key));
          copy.put(renamed, value);
          done.add("rename key " + key + " -> " + visible(renamed));
        }
        default -> copy.put(key, mutateNode(copy.get(key), depth + 1, pipeline));
      }
      return copy;
    }
    if (node instanceof List<?> list && !list.isEmpty() && !here) {
      List<Object> copy = new ArrayList<>(list);
      int i = random.nextInt(copy.size());
      switch (random.nextInt(5)) {
        case 0 -> {
          copy.remove(i);
          done.add("delete item " + i);
        }
        case 1 -> {
          copy.add(i, copy.get(i));
          done.add("duplicate item " + i);
        }
        default -> copy.set(i, mutateNode(copy.get(i), depth + 1, pipeline));
      }
      return copy;
    }
    Object odd = oddValue(pipeline);
    done.add("value " + visible(String.valueOf(node)) + " -> " + visible(String.valueOf(odd)));
    return odd;
  }

  private String typo(String key) {
    if (key.isEmpty()) {
      return "x";
    }
    int i = random.nextInt(key.length());
    return switch (random.nextInt(6)) {
      case 0 -> key.substring(0, i) + key.substring(i + 1);
      case 1 -> key.substring(0, i) + key.charAt(i) + key.substring(i);
      case 2 -> key.toUpperCase();
      case 3 -> key + " ";
      case 4 -> "";
      default -> key + "x".repeat(random.nextInt(1, 3000));
    };
  }

  private Object oddValue(boolean pipeline) {
    List<Supplier<Object>> values =
        new ArrayList<>(
            List.of(
                () -> pick(DURATIONS),
                () -> pick(PATHS),
                () ->
                    pick(
                        List.of(
                            "",
                            " ",
                            "~",
                            "null",
                            "-1",
                            "0",
                            "2147483648",
                            "1e400",
                            ".nan",
                            "0x1F",
                            "1_000",
                            "yes",
                            "on",
                            "1:30",
                            "2024-01-01",
                            "x\u0000y",
                            "a\u0001b",
                            "\u202eevil",
                            "\uD83D\uDE00",
                            "a\nb",
                            "${NO_SUCH}",
                            "${",
                            "$${IMAGE}",
                            "${IMAGE}",
                            "${IMAGE",
                            "{{x}}",
                            "{{",
                            "}}",
                            "{{namespace}}",
                            "}}{{",
                            "http://",
                            "https://exa mple.com",
                            "http://x:99999",
                            "Bad_NS",
                            "UPPER",
                            "-leading",
                            "a.b",
                            "a/b",
                            "%",
                            "*",
                            "&",
                            "!",
                            "@x",
                            "`x`",
                            "\t",
                            "sum(rate(x[{{WINDOW}}]))",
                            "x{a=\"{{track}}\\\"}",
                            "/health\n")),
                () -> "x".repeat(random.nextInt(0, 50_000)),
                () ->
                    pick(
                        List.of(
                            -1,
                            0,
                            1,
                            65536,
                            Integer.MAX_VALUE,
                            Long.MAX_VALUE,
                            Integer.MIN_VALUE,
                            new BigInteger("123456789012345678901234567890"),
                            0.5,
                            -0.0,
                            Double.POSITIVE_INFINITY,
                            Double.NaN,
                            1e300)),
                () -> random.nextBoolean(),
                () -> null,
                () -> List.of(),
                () -> Map.of(),
                () -> List.of("a", 1, List.of()),
                () -> Map.of("x", "y", "z", List.of(1)),
                () -> nested(random.nextInt(20, 120))));
    if (pipeline) {
      values.add(() -> pick(List.of("replicas", "gatewayApi", "istio", "nginx", "unknown")));
    }
    return pick(values).get();
  }

  private Object nested(int depth) {
    Object value = "leaf";
    for (int i = 0; i < depth; i++) {
      value = random.nextBoolean() ? List.of(value) : Map.of("k", value);
    }
    return value;
  }

  // --- helpers --------------------------------------------------------------------------------

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private static String parent(String file) {
    int slash = file.lastIndexOf('/');
    return slash < 0 ? "." : file.substring(0, slash);
  }

  static String visible(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "…(" + text.length() + ")" : text;
    StringBuilder out = new StringBuilder();
    for (char c : shown.toCharArray()) {
      out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return out.toString();
  }

  /** Writes the mutant under {@code root}; returns the pipeline file. */
  static Path write(Mutant mutant, Path root) throws IOException {
    for (Map.Entry<String, String> file : mutant.files().entrySet()) {
      Path path = root.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
    }
    for (String link : mutant.symlinks()) {
      Path path = root.resolve(link);
      if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(path, Path.of(".."));
      }
    }
    return root.resolve(mutant.base().pipeline());
  }
}
