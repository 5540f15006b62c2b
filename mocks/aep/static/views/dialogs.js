// Dialogs opened from rows and rails: Edit details (with Reconnect OAuth) and the delete
// confirmations. Variant scramble redraws what Adobe does not document: the titles, the
// connection state's markup (or its absence), where a reconnect's outcome shows, the
// toasts' words and the switch-off confirmation's buttons.
import { deleteAccount, deleteFlow, listAccounts, updateAccount } from "../lib/api.js";
import { h, icon } from "../lib/dom.js";
import { EMPTY, formatDate, formatDateTime } from "../lib/format.js";
import { openDialog } from "../lib/overlay.js";
import { choice, fill, words } from "../lib/scramble.js";
import { toast } from "../lib/toast.js";
import { propertyList, textField } from "../lib/widgets.js";

const OAUTH_WINDOW = "popup,width=600,height=720";
// A label as this UI names it (fault renamed_reconnect_oauth renames one).
const label = (text) => ((window.__AEP__ && window.__AEP__.renamed) || {})[text] || text;
// After the popup closes, a success or failure message may still be on its way.
const CLOSED_GRACE_MS = 1000;
// The server's message as the end of a sentence, with one full stop.
const sentence = (message) => `${(message || "access was not granted").replace(/\.+$/, "")}.`;

/** The warning icon React Spectrum shows before an expiration date that is close or past. */
export function expiryWarning(account, now) {
  if (!account.expiry_warning) return null;
  const past = account.expires && now && new Date(account.expires) <= new Date(now);
  return icon("alert", past ? "Expired" : "Expires soon");
}

/** The connection's state (aep.details_state): a property list, one line of text, or nothing. */
function connectionState(account, now) {
  const shown = choice("aep.details_state");
  if (shown === "hidden") return null;
  if (shown === "summary") {
    const expiry = account.shows_expiry ? `; authorization expires ${formatDateTime(account.expires)}` : "";
    const warning = expiryWarning(account, now);
    return h("p", { class: "connection-summary" }, warning, warning ? " " : null,
      `Connected as ${account.username || EMPTY} (${account.connection_type})${expiry}.`);
  }
  return propertyList([
    ["Destination", account.destination],
    ["Connection type", account.connection_type],
    ["Username", account.username || EMPTY],
    ["Authorized", formatDateTime(account.authorized)],
    ["Expires", account.shows_expiry ? [expiryWarning(account, now), " ", formatDateTime(account.expires)] : EMPTY],
  ], "properties properties-compact", choice("aep.details_markup"));
}

/**
 * Edit details: Name and Description, the connection's state and, for OAuth accounts,
 * Reconnect OAuth (a popup on the OAuth start URL; the callback page posts an `aep-oauth`
 * message back). Save PATCHes name and description. onChanged runs after it closes if
 * anything changed on the server.
 */
/**
 * Variant oauth=redirect, back from Pinterest: Edit details of the account open again, with
 * the outcome as a toast (as the popup's message would have brought it).
 */
export function showRedirectedReconnect({ result, accounts, sandbox, now, onChanged, returnRoute }) {
  const account = accounts.find((a) => a.id === result.account_id);
  const details = account ? openEditDetails({ account, sandbox, now, onChanged, returnRoute }) : null;
  if (!result.ok) {
    const text = words("reconnect_failed", { reason: sentence(result.message) });
    if (details) details.reportFailure(text);
    else toast.negative(text);
  } else if (details) {
    details.reportSuccess(words("reconnected", { date: formatDate(account.expires) }));
  }
}

export function openEditDetails({ account, sandbox, now, onChanged, returnRoute = null }) {
  let current = account;
  let changed = false;
  const name = textField({ label: "Name", value: account.name, name: "name" });
  const description = textField({
    label: "Description", value: account.description || "", multiline: true, name: "description",
  });
  const stateSlot = h("div", { class: "connection-state" }, connectionState(account, now));
  const status = h("p", { class: "oauth-status", "aria-live": "polite" });
  const isOAuth = /oauth/i.test(account.connection_type || "");
  const reconnectButton = isOAuth
    ? h("button", { type: "button", class: "btn btn-secondary", onclick: reconnect }, label("Reconnect OAuth"))
    : null;

  // Where a reconnect's outcome shows (aep.reconnect_success / aep.reconnect_failure).
  const onSuccess = choice("aep.reconnect_success");
  const onFailure = choice("aep.reconnect_failure");
  const outcome = reconnectButton && (onSuccess === "inline" || onFailure !== "toast")
    ? h("div", { class: "oauth-outcome" })
    : null;

  const dialog = openDialog({
    title: fill(choice("aep.edit_title"), { name: account.name }),
    className: "dialog-medium",
    content: [
      h("p", { class: "dialog-subtitle" }, `${account.destination} account`),
      name.element, description.element,
      h("h3", { class: "dialog-section-heading" }, "Connection"),
      stateSlot,
      reconnectButton ? h("div", { class: "oauth-row" }, reconnectButton, status) : null,
      outcome,
    ],
    buttons: [
      { label: "Cancel", variant: "secondary", onPress: close },
      { label: "Save", variant: "cta", onPress: save },
    ],
    onDismiss: close,
    initialFocus: () => name.input,
  });

  function close() {
    dialog.close();
    if (changed) onChanged();
  }

  // An outcome meant for the dialog goes to a toast once the dialog is closed.
  function reportSuccess(text) {
    if (outcome && onSuccess === "inline" && !dialog.closed) {
      outcome.replaceChildren(h("p", { role: "status", class: "oauth-result" }, text));
    } else if (onSuccess !== "none") {
      toast.positive(text);
    }
  }

  function reportFailure(text) {
    const inline = Boolean(outcome) && onFailure !== "toast" && !dialog.closed;
    if (inline) {
      outcome.replaceChildren(h("div", { class: "inline-alert", role: "alert" }, icon("alert"), h("span", {}, text)));
    }
    if (!inline || onFailure === "both") toast.negative(text);
  }

  async function save() {
    dialog.setBusy(true);
    try {
      await updateAccount(current.id, { name: name.input.value.trim(), description: description.input.value });
    } catch (error) {
      dialog.setBusy(false);
      toast.negative(words("save_failed", { message: error.message }));
      return;
    }
    changed = true;
    close();
    toast.positive(words("saved"));
  }

  function reconnect() {
    const url = `/oauth/pinterest/start?account=${encodeURIComponent(current.id)}`;
    if (returnRoute) {
      // Variant oauth=redirect: this whole tab goes to Pinterest and comes back to the route.
      window.top.location.assign(`${url}&return=${encodeURIComponent(returnRoute)}`);
      return;
    }
    const popup = window.open(url, "aep-oauth", OAUTH_WINDOW);
    if (!popup) {
      reportFailure("The sign-in window was blocked. Allow pop-ups for this site and try again.");
      return;
    }
    outcome?.replaceChildren();
    let done = false;
    reconnectButton.disabled = true;
    status.textContent = "Waiting for the sign-in window…";
    const finish = () => {
      done = true;
      window.removeEventListener("message", onMessage);
      clearInterval(watch);
      reconnectButton.disabled = false;
      status.textContent = "";
    };
    const onMessage = (event) => {
      const data = event.data || {};
      if (event.origin !== location.origin || data.type !== "aep-oauth") return;
      if (data.account_id && data.account_id !== current.id) return;
      finish();
      if (data.ok) afterReconnect();
      else reportFailure(words("reconnect_failed", { reason: sentence(data.message) }));
    };
    const watch = setInterval(() => {
      if (!popup.closed) return;
      clearInterval(watch);
      setTimeout(() => {
        if (done) return;
        finish();
        reportFailure("The sign-in window was closed before the account was reconnected.");
      }, CLOSED_GRACE_MS);
    }, 300);
    window.addEventListener("message", onMessage);
  }

  async function afterReconnect() {
    changed = true;
    status.textContent = "Reading the account…";
    try {
      const accounts = await listAccounts(sandbox);
      current = accounts.find((a) => a.id === current.id) || current;
    } catch (error) {
      toast.negative(`The account was reconnected, but could not be read again: ${error.message}`);
      return;
    } finally {
      status.textContent = "";
    }
    if (!dialog.closed) stateSlot.replaceChildren(...[connectionState(current, now)].filter(Boolean));
    reportSuccess(words("reconnected", { date: formatDate(current.expires) }));
  }

  return { reportSuccess, reportFailure };
}

/** A confirmation `alertdialog` with Cancel and a negative primary action. */
export function confirmDelete({ title, message, actionLabel = "Delete", onConfirm }) {
  openDialog({
    title,
    role: "alertdialog",
    className: "dialog-small",
    content: h("p", {}, message),
    buttons: [
      { label: "Cancel", variant: "secondary", onPress: (d) => d.close() },
      {
        label: actionLabel,
        variant: "negative",
        onPress: async (d) => {
          d.setBusy(true);
          try {
            await onConfirm();
          } catch (error) {
            d.close();
            toast.negative(error.message);
            return;
          }
          d.close();
        },
      },
    ],
  });
}

export function confirmDeleteAccount(account, onDeleted) {
  confirmDelete({
    title: "Delete account",
    message: `Delete the account "${account.name}" (${account.destination})? `
      + "Dataflows that use it must be deleted first.",
    onConfirm: async () => {
      await deleteAccount(account.id);
      toast.positive("Account deleted.");
      onDeleted();
    },
  });
}

export function confirmDeleteFlow(flow, onDeleted) {
  confirmDelete({
    title: "Delete dataflow",
    message: `Delete the dataflow "${flow.name}" to ${flow.destination}? `
      + "Its exports stop; deletion can take a few minutes.",
    onConfirm: async () => {
      await deleteFlow(flow.id);
      toast.positive("Dataflow deleted.");
      onDeleted();
    },
  });
}

/** Variant disable_confirm=dialog: switching a dataflow off asks first. */
export function confirmDisable(flow, onConfirm) {
  const markup = choice("aep.confirm_role");
  openDialog({
    title: fill(choice("aep.confirm_title"), { name: flow.name }),
    role: markup === "alertdialog" ? "alertdialog" : "dialog",
    titleAsLabel: markup === "dialog-aria-label",
    className: "dialog-small",
    content: h("p", {}, `Disable the dataflow "${flow.name}"? Its exports to ${flow.destination} stop `
      + "until it is enabled again."),
    buttons: [
      { label: choice("aep.confirm_no"), variant: "secondary", onPress: (d) => d.close() },
      { label: choice("aep.confirm_yes"), variant: "negative", onPress: (d) => { d.close(); onConfirm(); } },
    ],
  });
}
