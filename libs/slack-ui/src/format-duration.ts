// Durations as people say them on a run card: "45 s", "12 min", "1 h 12 min", "2 d 3 h".
// Seconds are shown only under a minute; above that they are noise next to a training run.

/** A length of time in words; a negative or non-finite input (clock skew, no data) reads "0 s". */
export function formatDuration(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds) : 0;
  if (total < 60) return `${total} s`;
  const minutes = Math.round(total / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    const rest = minutes % 60;
    return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  }
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours === 0 ? `${days} d` : `${days} d ${restHours} h`;
}

/** "~6 min left"; under a minute "<1 min left", because the estimate is not that precise. */
export function formatTimeLeft(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 60) return '<1 min left';
  return `~${formatDuration(seconds)} left`;
}
