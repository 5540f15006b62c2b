// The mock AEP's JSON API (docs/mock-aep-contract.md), with the sign-in redirect on 401.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

let redirecting = false;

/** Send the whole browser tab (not just the app's iframe) to sign-in, back here afterwards.
 * "Here" is the app's own route: in the shell's iframe the top page mirrors it by a message,
 * which may not have arrived yet when a request of the new route is refused. */
export function redirectToSignIn() {
  if (redirecting) return;
  redirecting = true;
  const top = window.top.location;
  const next = `${top.pathname}${top.search}${window.location.hash}`;
  top.assign(`/signin?next=${encodeURIComponent(next)}`);
}

export async function api(path, { method = "GET", body } = {}) {
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    redirectToSignIn();
    throw new ApiError(401, "Your session has ended. Sign in again.");
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const message = (data && (data.message || data.error)) || `The server answered ${response.status}.`;
    throw new ApiError(response.status, message);
  }
  return data;
}

const enc = encodeURIComponent;

export const getContext = () => api("/api/context");
export const listAccounts = (sandbox) => api(`/api/sandboxes/${enc(sandbox)}/accounts`).then((r) => r.items);
export const listFlows = (sandbox) => api(`/api/sandboxes/${enc(sandbox)}/flows`).then((r) => r.items);
export const getFlow = (id) => api(`/api/flows/${enc(id)}`);
export const setFlowEnabled = (id, enabled) =>
  api(`/api/flows/${enc(id)}/action?op=${enabled ? "enable" : "disable"}`, { method: "POST" });
export const deleteFlow = (id) => api(`/api/flows/${enc(id)}`, { method: "DELETE" });
export const updateAccount = (id, fields) => api(`/api/accounts/${enc(id)}`, { method: "PATCH", body: fields });
export const deleteAccount = (id) => api(`/api/accounts/${enc(id)}`, { method: "DELETE" });
export const takeOAuthResult = () => api("/api/oauth/result").then((r) => r.result);
export const getActivationOptions = (id) => api(`/api/flows/${enc(id)}/activation-options`);
export const reviewActivation = (id, body) => api(`/api/flows/${enc(id)}/activations/review`, { method: "POST", body });
export const activateAudiences = (id, body) => api(`/api/flows/${enc(id)}/activations`, { method: "POST", body });
