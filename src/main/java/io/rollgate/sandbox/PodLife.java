package io.rollgate.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pod's time serving requests: from when it became ready until it went away (empty while it
 * still serves), with the {@code rollgate.io/track} label it carried over that time ({@code ""}
 * without one). Immutable; changes give a new life.
 */
record PodLife(
    String namespace,
    String pod,
    PodBehaviour behaviour,
    Instant readyAt,
    Optional<Instant> goneAt,
    List<TrackSpan> tracks) {

  /** From {@code since} on (until the next span), the pod carried {@code track}. */
  record TrackSpan(Instant since, String track) {}

  /** A part of a time window, from its first to its last instant. */
  record Stretch(Instant from, Instant to) {
    Duration length() {
      return Duration.between(from, to);
    }
  }

  PodLife {
    tracks = List.copyOf(tracks);
    if (tracks.isEmpty() || !tracks.get(0).since().equals(readyAt)) {
      throw new IllegalArgumentException("a pod's first track span starts when it became ready");
    }
  }

  static PodLife ready(
      String namespace, String pod, PodBehaviour behaviour, Instant readyAt, String track) {
    return new PodLife(
        namespace,
        pod,
        behaviour,
        readyAt,
        Optional.empty(),
        List.of(new TrackSpan(readyAt, track)));
  }

  /** The same life, carrying {@code track} from {@code at} on (no change if it already does). */
  PodLife relabeled(Instant at, String track) {
    if (goneAt.isPresent() || currentTrack().equals(track)) {
      return this;
    }
    Instant since = at.isBefore(lastSpan().since()) ? lastSpan().since() : at;
    List<TrackSpan> more = new ArrayList<>(tracks);
    more.add(new TrackSpan(since, track));
    return new PodLife(namespace, pod, behaviour, readyAt, goneAt, more);
  }

  /** The same life, ended at {@code at} (no change if it already ended). */
  PodLife gone(Instant at) {
    if (goneAt.isPresent()) {
      return this;
    }
    Instant end = at.isBefore(lastSpan().since()) ? lastSpan().since() : at;
    return new PodLife(namespace, pod, behaviour, readyAt, Optional.of(end), tracks);
  }

  String currentTrack() {
    return lastSpan().track();
  }

  boolean servesAt(Instant t) {
    return !t.isBefore(readyAt) && goneAt.map(t::isBefore).orElse(true);
  }

  /** The track the pod carried at {@code t} (meaningful while it serves). */
  String trackAt(Instant t) {
    String track = tracks.get(0).track();
    for (TrackSpan span : tracks) {
      if (!span.since().isAfter(t)) {
        track = span.track();
      }
    }
    return track;
  }

  /** Seconds of serving up to {@code t}: what its counters grew with. */
  double secondsServed(Instant t) {
    Instant until = goneAt.filter(g -> g.isBefore(t)).orElse(t);
    return until.isAfter(readyAt) ? Duration.between(readyAt, until).toNanos() / 1e9 : 0;
  }

  /**
   * Per track, the part of [from, to] in which the pod served carrying it: from the first such
   * instant to the last, as Prometheus' rate() spans a series from its first sample in the window
   * to its last.
   */
  Map<String, Stretch> coverage(Instant from, Instant to) {
    Map<String, Stretch> out = new LinkedHashMap<>();
    Instant end = goneAt.filter(g -> g.isBefore(to)).orElse(to);
    for (int i = 0; i < tracks.size(); i++) {
      Instant spanFrom = tracks.get(i).since();
      Instant spanTo = i + 1 < tracks.size() ? tracks.get(i + 1).since() : end;
      Instant a = spanFrom.isAfter(from) ? spanFrom : from;
      Instant b = spanTo.isBefore(end) ? spanTo : end;
      if (b.isAfter(a)) {
        out.merge(
            tracks.get(i).track(),
            new Stretch(a, b),
            (old, next) -> new Stretch(old.from(), next.to()));
      }
    }
    return out;
  }

  private TrackSpan lastSpan() {
    return tracks.get(tracks.size() - 1);
  }
}
