package io.rollgate.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
   * Writes {@code text} to {@code file}, or prints {@code warning: cannot write report FILE: why}
   * on {@code err}.
   *
   * @return whether the report was written
   */
  public static boolean write(Path file, String text, PrintWriter err) {
    try {
      writeAtomically(file, text);
      return true;
    } catch (IOException | RuntimeException e) {
      err.println("warning: cannot write report " + file + ": " + why(e));
      err.flush();
      return false;
    }
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
        if (Files.isDirectory(file)) {
          throw new IOException("it is a directory");
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
     * Moves the draft over the target, or prints {@code warning: cannot write report FILE: why}.
     *
     * @return whether the report was written
     */
    public boolean finish(PrintWriter err) {
      if (failure == null) {
        try {
          writer.close();
          Files.move(
              tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          return true;
        } catch (IOException | RuntimeException e) {
          failure = e;
        }
      }
      err.println("warning: cannot write report " + file + ": " + why(failure));
      err.flush();
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

  private static void writeAtomically(Path file, String text) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException("it is a directory");
    }
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, TEMP_PREFIX, ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp); // gone already after a successful move
    }
  }

  /** What the file system said; its exceptions name the path they failed on. */
  private static String why(Exception e) {
    if (e.getClass() == IOException.class && e.getMessage() != null) {
      return e.getMessage(); // ours
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
