package io.rollgate.report;

import io.rollgate.failure.Failures;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * The one way every command writes its {@code --report FILE}: the parent directories are created,
 * the text goes to a temporary file beside the target and is moved over it atomically, so a reader
 * never sees half a report and a failed write leaves neither a temporary file nor a broken report.
 *
 * <p>A report that cannot be written is a warning on stderr, never the run's outcome: the exit code
 * stays what the run decided.
 */
public final class ReportFile {
  private static final String TEMP_PREFIX = ".rollgate-report";

  private ReportFile() {}

  /**
   * Writes {@code text} to {@code file}, or gives {@code warnings} the words {@code cannot write
   * report FILE: why}.
   *
   * @return whether the report was written
   */
  public static boolean write(Path file, String text, Consumer<String> warnings) {
    try (Draft draft = draft(file)) {
      try {
        draft.writer().write(text);
      } catch (IOException e) {
        draft.failed(e);
      }
      return draft.finish(warnings);
    }
  }

  private static void refuseFolder(Path file) throws IOException {
    if (file.toString().isEmpty()) {
      throw new IOException("the name is empty");
    }
    if (Files.isDirectory(file)) {
      throw new IOException("it is a directory");
    }
  }

  /**
   * A device or a pipe ({@code /dev/null}, {@code /dev/stdout}, a FIFO): written through, never
   * replaced by a rename (which would put a plain file where the device was).
   */
  private static boolean isSpecial(Path file) {
    return Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file);
  }

  /**
   * A report written piece by piece (one too long to hold in memory): the pieces go to the
   * temporary file as they come, {@link #finish} moves it over the target, {@link #close} drops
   * what was not finished. Failing to write is a warning at {@link #finish}, as for {@link #write}.
   */
  public static Draft draft(Path file) {
    return new Draft(file);
  }

  /** See {@link #draft}. */
  public static final class Draft implements AutoCloseable {
    private final Path file;
    private Path tmp;
    private Writer writer;
    private Exception failure;

    private Draft(Path file) {
      this.file = file;
      try {
        refuseFolder(file);
        if (isSpecial(file)) {
          writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
          return;
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        tmp = Files.createTempFile(parent, TEMP_PREFIX, ".tmp");
        writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        failure = e;
      }
    }

    /** Where the pieces go; writes to a draft that failed go nowhere. */
    public Writer writer() {
      return writer == null ? Writer.nullWriter() : writer;
    }

    /** Remembers why a piece could not be written; {@link #finish} reports it. */
    public void failed(Exception e) {
      if (failure == null) {
        failure = e;
      }
    }

    /**
     * Moves the draft over the target, or gives {@code warnings} the words {@code cannot write
     * report FILE: why}.
     *
     * @return whether the report was written
     */
    public boolean finish(Consumer<String> warnings) {
      if (failure == null) {
        try {
          writer.close();
          if (tmp != null) {
            Files.move(
                tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          }
          return true;
        } catch (IOException | RuntimeException e) {
          failure = e;
        }
      }
      warnings.accept("cannot write report " + file + ": " + why(failure));
      return false;
    }

    @Override
    public void close() {
      try {
        if (writer != null) {
          writer.close();
        }
        if (tmp != null) {
          Files.deleteIfExists(tmp); // gone already after a successful move
        }
      } catch (IOException e) {
        // the temporary file stays behind; nothing else to do about it
      }
    }
  }

  /** What the file system said, in words, with the path it failed on (a parent, a temporary). */
  private static String why(Exception e) {
    return Failures.describe(e);
  }
}
