package io.rollgate.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.rollgate.canary.Lease;
import io.rollgate.canary.LeaseHeldException;
import io.rollgate.canary.LeaseLostException;
import io.rollgate.pipeline.Durations;
import io.rollgate.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The pipeline's {@code Lease rollgate-<pipeline>} (coordination.k8s.io/v1), through fabric8's
 * {@link LeaseLock}: taken before the first write, checked before every write, renewed every
 * {@value #RENEW_SECONDS} s (while the canary waits, and by a background thread while it works),
 * released at the end. Whether another holder's Lease expired is judged by that Lease's own
 * duration and renew time; taking one over is a compare-and-swap, so of two runs at once exactly
 * one gets it.
 */
public final class PipelineLeases {
  public static final Duration DURATION = Duration.ofSeconds(15);
  static final long RENEW_SECONDS = 5;
  public static final Duration RENEW_EVERY = Duration.ofSeconds(RENEW_SECONDS);
  private static final Duration WAIT_POLL = Duration.ofSeconds(1);

  /** How close to its own expiry a holder stops trusting its Lease without renewing it first. */
  static final Duration EXPIRY_MARGIN = Duration.ofSeconds(3);

  private final KubernetesClient client;
  private final KubeCalls calls;
  private final Clock clock;
  private final Sleeper sleeper;
  private final String identity;
  private final boolean backgroundRenewal;

  public PipelineLeases(
      KubernetesClient client,
      KubeCalls calls,
      Clock clock,
      Sleeper sleeper,
      String identity,
      boolean backgroundRenewal) {
    this.client = client;
    this.calls = calls;
    this.clock = clock;
    this.sleeper = sleeper;
    this.identity = identity;
    this.backgroundRenewal = backgroundRenewal;
  }

  /** Who holds a Lease now, when it was renewed, for how long. */
  public record Holder(String identity, Instant renewed, Duration duration) {
    public Instant expires() {
      return renewed.plus(duration);
    }
  }

  /** The current holder of the named Lease, if someone holds it and it has not expired. */
  public Optional<Holder> holder(String namespace, String name) {
    LeaseLock lock = new LeaseLock(namespace, name, identity);
    return current(lock, namespace)
        .filter(h -> !h.identity().isEmpty() && clock.instant().isBefore(h.expires()));
  }

  /**
   * Takes the Lease, waiting up to {@code waitUpTo} (zero: try once) while another run holds it.
   *
   * @throws LeaseHeldException another run holds it, and did so for the whole wait
   */
  public Lease acquire(String namespace, String name, Duration waitUpTo)
      throws LeaseHeldException, InterruptedException {
    Instant giveUp = clock.instant().plus(waitUpTo);
    while (true) {
      LeaseLock lock = new LeaseLock(namespace, name, identity);
      Optional<LeaseHeldException> held = tryAcquire(lock, namespace, name);
      if (held.isEmpty()) {
        return new HeldLease(lock, namespace, name);
      }
      if (!clock.instant().isBefore(giveUp)) {
        throw held.get();
      }
      sleeper.sleep(WAIT_POLL);
    }
  }

  /**
   * A Lease nobody has is created (create-if-absent: an AlreadyExists answer means another run made
   * it after our read, and the Lease is read again to see who holds it); one whose holder let go or
   * stopped renewing is taken over by an update, which a stale resourceVersion refuses.
   */
  private Optional<LeaseHeldException> tryAcquire(LeaseLock lock, String namespace, String name) {
    Instant now = clock.instant();
    Optional<Holder> current = current(lock, namespace);
    try {
      if (current.isEmpty()) {
        try {
          calls.run("create", "leases", namespace, () -> lock.create(client, record(now, 0)));
          return Optional.empty();
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
          // another run created it between our read and our create: who holds it now?
          current = current(lock, namespace);
          if (current.isEmpty()) {
            return Optional.of(held(new Holder("another run", now, DURATION), name));
          }
        }
      }
      Holder h = current.get();
      if (!h.identity().isEmpty() && !h.identity().equals(identity) && now.isBefore(h.expires())) {
        return Optional.of(held(h, name));
      }
      calls.run("update", "leases", namespace, () -> lock.update(client, record(now, 1)));
      return Optional.empty();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        // another run took it between our read and our write
        Holder winner = current(lock, namespace).orElse(new Holder("another run", now, DURATION));
        return Optional.of(held(winner, name));
      }
      throw e;
    }
  }

  private LeaderElectionRecord record(Instant now, int transitions) {
    return new LeaderElectionRecord(
        identity,
        DURATION,
        ZonedDateTime.ofInstant(now, ZoneOffset.UTC),
        ZonedDateTime.ofInstant(now, ZoneOffset.UTC),
        transitions);
  }

  private LeaseHeldException held(Holder h, String name) {
    return new LeaseHeldException(
        h.identity(),
        h.expires(),
        "Lease "
            + name
            + " is held by "
            + h.identity()
            + " (renewed "
            + h.renewed()
            + ", expires "
            + h.expires()
            + " unless renewed): another run is acting on this pipeline");
  }

  private Optional<Holder> current(LeaseLock lock, String namespace) {
    LeaderElectionRecord r = calls.call("get", "leases", namespace, () -> lock.get(client));
    if (r == null) {
      return Optional.empty();
    }
    String who = r.getHolderIdentity() == null ? "" : r.getHolderIdentity();
    Instant renewed = r.getRenewTime() == null ? Instant.EPOCH : r.getRenewTime().toInstant();
    Duration duration = r.getLeaseDuration() == null ? DURATION : r.getLeaseDuration();
    return Optional.of(new Holder(who, renewed, duration));
  }

  /** A Lease this process holds. */
  private final class HeldLease implements Lease {
    private final LeaseLock lock;
    private final String namespace;
    private final String name;
    private final AtomicBoolean lost = new AtomicBoolean();
    private volatile String lostTo = "";
    private volatile Instant renewed = clock.instant();
    private final Optional<ScheduledExecutorService> renewer;

    HeldLease(LeaseLock lock, String namespace, String name) {
      this.lock = lock;
      this.namespace = namespace;
      this.name = name;
      this.renewer =
          backgroundRenewal
              ? Optional.of(
                  Executors.newSingleThreadScheduledExecutor(
                      r -> {
                        Thread t = new Thread(r, "rollgate-lease");
                        t.setDaemon(true);
                        return t;
                      }))
              : Optional.empty();
      renewer.ifPresent(
          s ->
              s.scheduleWithFixedDelay(
                  this::renewQuietly, RENEW_SECONDS, RENEW_SECONDS, TimeUnit.SECONDS));
      // a run stopped with Ctrl-C gives the Lease back, so the next one need not wait 15 s
      this.onExit =
          backgroundRenewal
              ? Optional.of(new Thread(this::close, "rollgate-lease-release"))
              : Optional.empty();
      onExit.ifPresent(Runtime.getRuntime()::addShutdownHook);
    }

    private final Optional<Thread> onExit;

    @Override
    public synchronized void ensureHeld() throws LeaseLostException {
      if (lost.get()) {
        throw lostException();
      }
      Optional<Holder> h = current(lock, namespace);
      if (h.isEmpty() || !h.get().identity().equals(identity)) {
        lose(h.map(Holder::identity).orElse("nobody (the Lease was deleted)"));
        throw lostException();
      }
      // fence on our own expiry: past it, another run may take the Lease at any moment
      if (!clock.instant().isBefore(renewed.plus(DURATION).minus(EXPIRY_MARGIN))) {
        try {
          renew();
        } catch (RuntimeException e) {
          lose("nobody yet (not renewed within " + Durations.format(DURATION) + ")");
          throw lostException();
        }
      }
    }

    @Override
    public synchronized void renewIfDue() throws LeaseLostException {
      if (Duration.between(renewed, clock.instant()).compareTo(RENEW_EVERY) >= 0) {
        renew();
      }
    }

    /** One read, checked and then compare-and-swapped against, so no takeover is overwritten. */
    private void renew() throws LeaseLostException {
      if (lost.get()) {
        throw lostException();
      }
      LeaderElectionRecord current = calls.call("get", "leases", namespace, () -> lock.get(client));
      if (current == null || !identity.equals(current.getHolderIdentity())) {
        lose(current == null ? "nobody (the Lease was deleted)" : current.getHolderIdentity());
        throw lostException();
      }
      Instant now = clock.instant();
      LeaderElectionRecord next =
          new LeaderElectionRecord(
              identity,
              DURATION,
              current.getAcquireTime(),
              ZonedDateTime.ofInstant(now, ZoneOffset.UTC),
              current.getLeaderTransitions());
      try {
        calls.run("update", "leases", namespace, () -> lock.update(client, next));
        renewed = now;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          // someone wrote it since our read: lost, unless that someone was us
          LeaderElectionRecord after =
              calls.call("get", "leases", namespace, () -> lock.get(client));
          if (after == null || !identity.equals(after.getHolderIdentity())) {
            lose(after == null ? "nobody (the Lease was deleted)" : after.getHolderIdentity());
            throw lostException();
          }
          return;
        }
        throw e;
      }
    }

    private synchronized void renewQuietly() {
      if (lost.get()) {
        return;
      }
      try {
        renew();
      } catch (LeaseLostException | RuntimeException e) {
        // lost is remembered; an outage is retried at the next renewal
      }
    }

    private void lose(String to) {
      lostTo = to;
      lost.set(true);
    }

    private LeaseLostException lostException() {
      return new LeaseLostException(
          lostTo,
          "Lease "
              + name
              + " is now held by "
              + lostTo
              + ": this run stopped writing (its Lease was not renewed within "
              + Durations.format(DURATION)
              + ", and another run took it over)");
    }

    @Override
    public Duration renewEvery() {
      return RENEW_EVERY;
    }

    @Override
    public String holder() {
      return identity;
    }

    @Override
    public synchronized void close() {
      renewer.ifPresent(ScheduledExecutorService::shutdownNow);
      onExit.ifPresent(
          hook -> {
            try {
              Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
              // called from the hook itself
            }
          });
      if (lost.get()) {
        return;
      }
      try {
        LeaderElectionRecord current = lock.get(client);
        if (current != null && identity.equals(current.getHolderIdentity())) {
          Instant now = clock.instant();
          lock.update(
              client,
              new LeaderElectionRecord(
                  "",
                  Duration.ofSeconds(1),
                  current.getAcquireTime(),
                  ZonedDateTime.ofInstant(now, ZoneOffset.UTC),
                  current.getLeaderTransitions()));
        }
      } catch (RuntimeException e) {
        // not released: it expires on its own within its duration
      }
    }
  }
}
