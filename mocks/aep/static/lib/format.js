// Display formats. Always en-US and UTC, so every run shows the same text for the mock clock.

const DATE = new Intl.DateTimeFormat("en-US", {
  timeZone: "UTC", year: "numeric", month: "short", day: "numeric",
});
const DATE_TIME = new Intl.DateTimeFormat("en-US", {
  timeZone: "UTC", year: "numeric", month: "short", day: "numeric",
  hour: "numeric", minute: "2-digit",
});

export const EMPTY = "—";

export function formatDate(iso) {
  return iso ? DATE.format(new Date(iso)) : EMPTY;
}

export function formatDateTime(iso) {
  return iso ? `${DATE_TIME.format(new Date(iso))} UTC` : EMPTY;
}

export function formatList(values) {
  return values && values.length ? values.join(", ") : EMPTY;
}

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}
