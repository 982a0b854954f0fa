package io.rollgate.cli;

import io.rollgate.pipeline.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line picocli could not take, in words: {@code error: unknown option '--stag' for
 * 'rollgate run'; did you mean '--stage'?}, then where the help is. picocli's own wording is kept
 * otherwise, without its doubled words ("Error: Error:", "option option").
 */
final class UsageErrors {
  private UsageErrors() {}

  /** The message of {@code ex}, without {@code error: } in front. */
  static String of(ParameterException ex) {
    if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      return unmatched(u);
    }
    return cleaned(String.valueOf(ex.getMessage()));
  }

  private static final java.util.regex.Pattern EXCLUSIVE =
      java.util.regex.Pattern.compile(
          "expected only one match but got (\\(.*\\))=\\{(.*?)\\} and \\(.*\\)=\\{(.*?)\\}");

  private static final java.util.regex.Pattern NOT_A_NUMBER =
      java.util.regex.Pattern.compile("is not an? (long|int|integer|short)\\b");

  /** Where to look next. */
  static String hint(ParameterException ex) {
    return "Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.";
  }

  private static String unmatched(UnmatchedArgumentException u) {
    CommandLine command = u.getCommandLine();
    CommandSpec spec = command.getCommandSpec();
    String arg = u.getUnmatched().get(0);
    String name = spec.qualifiedName();
    if (arg.startsWith("-") && arg.length() > 1) {
      String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      return "unknown option '"
          + option
          + "' for '"
          + name
          + "'"
          + suggestion(nearest(option, optionNames(spec), u.getSuggestions()));
    }
    if (!spec.subcommands().isEmpty()) {
      return "unknown command '"
          + arg
          + "' for '"
          + name
          + "'"
          + suggestion(
              nearest(arg, new ArrayList<>(spec.subcommands().keySet()), u.getSuggestions()));
    }
    return "unexpected argument '" + arg + "' for '" + name + "'" + usage(spec);
  }

  /** The closest by edit distance; else picocli's own first suggestion. */
  private static Optional<String> nearest(String word, List<String> known, List<String> picocli) {
    return Suggestions.closest(word, known).or(() -> picocli.stream().findFirst());
  }

  private static List<String> optionNames(CommandSpec spec) {
    List<String> names = new ArrayList<>();
    for (OptionSpec o : spec.options()) {
      if (!o.hidden()) {
        names.addAll(List.of(o.names()));
      }
    }
    return names;
  }

  private static String suggestion(Optional<String> nearest) {
    return nearest.map(s -> "; did you mean '" + s + "'?").orElse("");
  }

  private static String usage(CommandSpec spec) {
    for (CommandLine.Model.ArgGroupSpec group : spec.argGroups()) {
      if (group.exclusive() && !group.positionalParameters().isEmpty()) {
        return " (it takes " + group.synopsis() + ", not both)";
      }
    }
    String synopsis =
        spec.positionalParameters().stream()
            .map(p -> p.paramLabel())
            .reduce((a, b) -> a + " " + b)
            .orElse("");
    return synopsis.isEmpty()
        ? " (it takes no arguments)"
        : " (it takes " + synopsis + " and options)";
  }

  /** picocli's message, once: "Error: Error: Missing ..." and "option option '--set'" are its. */
  static String cleaned(String message) {
    String m = message.strip();
    while (m.regionMatches(true, 0, "error: ", 0, 7)) {
      m = m.substring(7).strip();
    }
    java.util.regex.Matcher exclusive = EXCLUSIVE.matcher(m);
    if (exclusive.find()) {
      m =
          exclusive.group(2)
              + " and "
              + exclusive.group(3)
              + " exclude each other: give one of "
              + exclusive.group(1);
    }
    m = NOT_A_NUMBER.matcher(m).replaceAll("is not a whole number in range");
    m = m.replaceAll("\\b(option|parameter|argument) \\1\\b", "$1");
    if (m.length() > 1
        && Character.isUpperCase(m.charAt(0))
        && Character.isLowerCase(m.charAt(1))) {
      m = m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
    }
    return m;
  }
}
