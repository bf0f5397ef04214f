/** A NumericDate (seconds) as a UTC date people read: "2024-05-01 12:00:00 UTC". */
export function formatDate(seconds: number): string {
  const date = new Date(seconds * 1000);
  if (!Number.isFinite(date.getTime())) return "not a valid date";
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** A duration in the largest unit that keeps it readable: "45 s", "59 min", "3 h", "12 d". */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.floor(Math.abs(totalSeconds));
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

/** How a time claim stands relative to now: "in 59 min", "expired 3 h ago", "2 min ago". */
export function describeTimeClaim(claim: string, seconds: number, nowSeconds: number): string {
  const delta = seconds - nowSeconds;
  const span = formatDuration(delta);
  switch (claim) {
    case "exp":
      return delta > 0 ? `in ${span}` : `expired ${span} ago`;
    case "nbf":
      return delta > 0 ? `in ${span}, not valid yet` : `${span} ago`;
    default:
      return delta > 0 ? `in ${span}, in the future` : `${span} ago`;
  }
}
