package io.rollgate.failure;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/**
 * What went wrong, in words a person reads: the message of a failure written for people, or words
 * for the JDK's own (a file that is not there, a folder where a file should be, a binary file read
 * as text, a host that does not resolve, a connection refused or timed out). Never a Java class
 * name: "MalformedInputException: Input length = 1" reads "not UTF-8 text (a binary file?)".
 */
public final class Failures {
  private Failures() {}

  /** The failure in words; wrappers without words of their own give their cause's. */
  public static String describe(Throwable failure) {
    return words(failure, true);
  }

  /**
   * As {@link #describe}, without the file a file system failure names: for a message that names
   * the file itself ({@code cannot write report /tmp: is a directory}).
   */
  public static String reason(Throwable failure) {
    return words(failure, false);
  }

  /**
   * The kind of failure alone, from its type, in words ({@code NoSuchFileException} → "no such
   * file"): for where a message might carry what must not be shown.
   */
  public static String kind(Throwable failure) {
    return words(unwrap(failure).getClass().getSimpleName());
  }

  private static String words(Throwable failure, boolean withFile) {
    Throwable t = unwrap(failure);
    String file =
        withFile && t instanceof FileSystemException f && f.getFile() != null ? f.getFile() : null;
    if (t instanceof NoSuchFileException) {
      return "no such file or folder" + on(file);
    }
    if (t instanceof AccessDeniedException) {
      return "permission denied" + on(file);
    }
    if (t instanceof NotDirectoryException) {
      return "not a folder" + on(file);
    }
    if (t instanceof FileAlreadyExistsException) {
      return "already exists" + on(file);
    }
    if (t instanceof DirectoryNotEmptyException) {
      return "the folder is not empty" + on(file);
    }
    if (t instanceof FileSystemLoopException) {
      return "a folder that contains itself (a symbolic link loop)" + on(file);
    }
    if (t instanceof FileSystemException f) {
      // "/tmp: Is a directory": the reason as the operating system gives it
      String reason = f.getReason() == null ? "cannot be used" : lowerFirst(f.getReason());
      return reason + on(file);
    }
    if (t instanceof CharacterCodingException) {
      return "not UTF-8 text (a binary file?)";
    }
    if (t instanceof UnknownHostException) {
      return "unknown host" + quoted(t.getMessage());
    }
    if (t instanceof ConnectException) {
      return "connection refused" + parenthesized(t.getMessage());
    }
    if (t instanceof NoRouteToHostException) {
      return "no route to host" + parenthesized(t.getMessage());
    }
    if (t instanceof SocketTimeoutException
        || (t instanceof InterruptedIOException && "timeout".equals(t.getMessage()))) {
      return "timed out";
    }
    if (t instanceof InterruptedIOException || t instanceof InterruptedException) {
      return "interrupted";
    }
    if (t instanceof SSLException) {
      return "TLS failed" + colon(t.getMessage());
    }
    if (t instanceof EOFException) {
      return "the connection or file ended early" + parenthesized(t.getMessage());
    }
    if (t instanceof ClosedChannelException) {
      return "the connection was closed";
    }
    if (t instanceof SocketException) {
      return "network error" + colon(t.getMessage());
    }
    if (t.getMessage() != null && !t.getMessage().isBlank()) {
      return t.getMessage();
    }
    if (t instanceof IOException) {
      return "an input/output error";
    }
    return "unexpected " + words(t.getClass().getSimpleName());
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while (current.getCause() != null
        && current.getCause() != current
        && (current instanceof UncheckedIOException
            || current instanceof ExecutionException
            || current instanceof CompletionException
            || current instanceof InvocationTargetException
            || current.getMessage() == null
            || current.getMessage().equals(current.getCause().toString()))) {
      current = current.getCause();
    }
    return current;
  }

  /**
   * {@code NullPointerException} → "null pointer", {@code StackOverflowError} → "stack overflow".
   */
  static String words(String className) {
    String bare = className.replaceAll("(Exception|Error)$", "");
    String spaced =
        bare.replaceAll("([a-z0-9])([A-Z])", "$1 $2")
            .replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2")
            .toLowerCase(Locale.ROOT);
    return spaced.isBlank() ? "failure" : spaced;
  }

  private static String on(String file) {
    return file == null ? "" : ": " + file;
  }

  private static String quoted(String text) {
    return text == null || text.isBlank() ? "" : " '" + text + "'";
  }

  private static String parenthesized(String text) {
    return text == null || text.isBlank() ? "" : " (" + text + ")";
  }

  private static String colon(String text) {
    return text == null || text.isBlank() ? "" : ": " + text;
  }

  private static String lowerFirst(String text) {
    if (text.length() > 1
        && Character.isUpperCase(text.charAt(0))
        && Character.isLowerCase(text.charAt(1))) {
      return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
    return text;
  }
}
