package io.rollgate.canary;

/** Another run holds the pipeline's Lease (it took it over, or held it first): stop writing. */
public final class LeaseLostException extends Exception {
  private final String holder;

  public LeaseLostException(String holder, String message) {
    super(message);
    this.holder = holder;
  }

  public String holder() {
    return holder;
  }
}
