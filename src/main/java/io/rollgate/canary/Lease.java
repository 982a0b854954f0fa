package io.rollgate.canary;

import java.time.Duration;

/**
 * A held pipeline Lease. Checked before every write ({@link #ensureHeld}), renewed while the canary
 * waits or works, released on close; a lease another run took over is lost for good.
 */
public interface Lease extends AutoCloseable {
  /** Throws when another run holds the Lease now: then nothing may be written. */
  void ensureHeld() throws LeaseLostException;

  /** Renews the Lease if its renewal is due. */
  void renewIfDue() throws LeaseLostException;

  /** How often the Lease wants renewing: waits are cut into pieces no longer than this. */
  Duration renewEvery();

  /** Who holds it (this process). */
  String holder();

  /** Releases the Lease, if still held; never throws. */
  @Override
  void close();
}
