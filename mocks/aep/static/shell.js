// The Unified Shell page: top bar (product, org, sandbox switcher, user) and the Platform app,
// either in an <iframe> (variant shell=iframe, the default) or mounted here (shell=top).
// In the iframe variant the top page's hash mirrors the app's route: the app posts each
// route here and we `history.replaceState` it; our own hashchange (a person edited the URL
// or went back) is forwarded to the app. So page.url is always the app's location.
// Variant scramble redraws what Adobe does not document here: the frame's title, a second
// frame, the switcher's wording and how the signed-in user is shown.
import { h, icon } from "./lib/dom.js";
import { openListbox, openPopover } from "./lib/overlay.js";
import { defaultRoute, findSandbox, parseRoute, routePath, sandboxName, sandboxTitle } from "./lib/route.js";
import { choice } from "./lib/scramble.js";

const boot = window.__AEP__;
const variant = (boot.variants && boot.variants.shell) || "iframe";

function routeOf(hash) {
  const route = parseRoute(hash);
  return route && findSandbox(boot, route.sandbox) ? route : defaultRoute(boot);
}

function currentRoute() {
  return routeOf(location.hash);
}

const TYPE_LABEL = { production: "Production", development: "Development" };

function sandboxMeta(sb) {
  if (typeof sb === "string") return "";
  return [TYPE_LABEL[sb.type] || sb.type, sb.region].filter(Boolean).join(" · ");
}

/** What the switcher's button shows for a sandbox, in the drawn wording (aep.sandbox_button). */
function sandboxLabel(sb) {
  const title = sandboxTitle(sb);
  const meta = sandboxMeta(sb);
  const chevron = icon("chevron");
  switch (choice("aep.sandbox_button")) {
    case "title-kicker": // "Prod Sandbox"
      return { children: [h("span", { class: "sandbox-title" }, title), h("span", { class: "sandbox-suffix" }, "Sandbox"), chevron] };
    case "current-label":
      return {
        label: `Current sandbox: ${title}`,
        children: [h("span", { class: "sandbox-title" }, title), h("span", { class: "sandbox-meta" }, meta), chevron],
      };
    case "name-type-region": { // "prod – Production sandbox (VA7)"
      const type = typeof sb === "string" ? "" : TYPE_LABEL[sb.type] || sb.type || "";
      const region = typeof sb === "string" || !sb.region ? "" : ` (${sb.region})`;
      const kind = type ? `${type} sandbox` : "Sandbox";
      return { children: [h("span", { class: "sandbox-line" }, `${sandboxName(sb)} – ${kind}${region}`), chevron] };
    }
    case "caps-kicker-lines": // "SANDBOX" above "Prod", capitals as text
      return {
        children: [h("span", { class: "sandbox-lines" }, h("span", { class: "sandbox-kicker-line" }, "SANDBOX"),
          h("span", { class: "sandbox-title" }, title)), chevron],
      };
    case "title-only":
      return { children: [h("span", { class: "sandbox-title" }, title), chevron] };
    default: // "kicker-title-meta": "Sandbox Prod Production · VA7"
      return {
        children: [h("span", { class: "sandbox-kicker" }, "Sandbox"), h("span", { class: "sandbox-title" }, title),
          h("span", { class: "sandbox-meta" }, meta), chevron],
      };
  }
}

/** A listbox option for a sandbox, in the drawn wording (aep.sandbox_option). */
function sandboxOption(sb) {
  const key = sandboxName(sb);
  const title = sandboxTitle(sb);
  const meta = sandboxMeta(sb);
  switch (choice("aep.sandbox_option")) {
    case "title-name":
      return { key, label: `${title} (${key})`, description: null };
    case "title-meta":
      return { key, label: meta ? `${title} — ${meta}` : title, description: null };
    default:
      return { key, label: title, description: meta || null };
  }
}

/** The sandbox switcher: a `button` showing the sandbox that opens a `listbox` of `option`s. */
function sandboxSwitcher() {
  const button = h("button", {
    type: "button", class: "sandbox-switcher", id: "sandbox-switcher",
    "aria-haspopup": "listbox", "aria-expanded": "false",
  });
  const show = () => {
    const { label, children } = sandboxLabel(findSandbox(boot, currentRoute().sandbox));
    if (label) button.setAttribute("aria-label", label);
    button.replaceChildren(...children);
  };
  const open = () => openListbox(button, {
    label: "Sandboxes",
    selectedKey: currentRoute().sandbox,
    items: boot.sandboxes.map(sandboxOption),
    onSelect: switchTo,
  });
  button.addEventListener("click", open);
  button.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      open();
    }
  });
  show();
  return { element: button, show };
}

/** Same screen in another sandbox, and "the screen refreshes" (a full reload). */
function switchTo(sandbox) {
  const route = currentRoute();
  if (sandbox === route.sandbox) return;
  // A dataflow belongs to one sandbox: in another one, show its Browse list instead.
  const next = route.page === "dataflow"
    ? { ...route, page: "destination", tab: "browse", sandbox }
    : { ...route, sandbox };
  history.pushState(null, "", `#${routePath(next)}`);
  location.reload();
}

/** Who is signed in (aep.user_display): their name before "Sign out", or a button (an avatar
 * named by the name, or "Profile"/"Account"/"User menu") opening a popover with the name,
 * email and "Sign out". */
function userArea() {
  const { name, email } = boot.user;
  const signOut = h("a", { href: "/signout", class: "shell-signout" }, "Sign out");
  const mode = choice("aep.user_display");
  if (mode === "name-text") {
    return h("div", { class: "shell-user" }, h("span", { class: "shell-user-name" }, name), signOut);
  }
  const popup = { "aria-haspopup": "dialog", "aria-expanded": "false" };
  const trigger = mode === "avatar"
    ? h("button", { type: "button", class: "shell-avatar", "aria-label": name, title: name, ...popup },
      h("span", { "aria-hidden": "true" }, name.split(/\s+/).map((part) => part.charAt(0)).join("").slice(0, 2)))
    : h("button", { type: "button", class: "action-button shell-profile", "aria-label": mode, ...popup }, icon("user"));
  trigger.addEventListener("click", () => openPopover(trigger, {
    label: mode === "avatar" ? name : mode,
    content: [h("p", { class: "profile-name" }, name), h("p", { class: "profile-email" }, email), signOut],
  }));
  return h("div", { class: "shell-user" }, trigger);
}

function topBar(switcher) {
  return h("header", { class: "shell-bar" },
    h("div", { class: "shell-brand" }, h("span", { class: "shell-logo", "aria-hidden": "true" }, "A"),
      h("span", { class: "shell-product" }, "Adobe Experience Platform")),
    h("div", { class: "shell-context" },
      h("span", { class: "shell-org", title: "Organization" }, boot.org),
      switcher.element),
    userArea());
}

const HELP = "<!doctype html><title>Help</title><body style=\"font: 13px sans-serif; margin: 12px\">"
  + "<h2 style=\"font-size: 14px\">Experience League</h2><p>Search the documentation, tutorials and "
  + "community answers about Adobe Experience Platform.</p></body>";

/** A second frame, unrelated to the app (aep.extra_frame), beside the app's holder. */
function extraFrame(holder) {
  const where = choice("aep.extra_frame");
  if (where === "none") return;
  const extra = where === "beacon-before"
    // An analytics beacon: no size, nothing to see or reach.
    ? h("iframe", { class: "shell-beacon", src: "about:blank", "aria-hidden": "true", tabindex: "-1" })
    : h("aside", { class: "shell-help", "aria-label": "Help" }, h("iframe", { class: "shell-help-frame", title: "Help", srcdoc: HELP }));
  const row = h("div", { class: "shell-main" });
  holder.replaceWith(row);
  if (where === "help-after") row.append(holder, extra);
  else row.append(extra, holder);
}

async function start() {
  const switcher = sandboxSwitcher();
  const holder = document.getElementById("shell-app");
  document.body.prepend(topBar(switcher));
  extraFrame(holder);
  if (!parseRoute(location.hash)) history.replaceState(null, "", `#${routePath(currentRoute())}`);

  if (variant === "top") {
    window.addEventListener("hashchange", switcher.show);
    const { mountApp } = await import("./app.js");
    mountApp(holder);
    return;
  }

  const frame = h("iframe", {
    title: choice("aep.frame_title"), class: "shell-frame", src: `/app/#${routePath(currentRoute())}`,
  });
  holder.replaceChildren(frame);
  window.addEventListener("message", (event) => {
    if (event.origin !== location.origin || event.source !== frame.contentWindow) return;
    const data = event.data || {};
    if (data.type === "aep-route" && typeof data.route === "string" && `#${data.route}` !== location.hash) {
      history.replaceState(null, "", `#${data.route}`);
      switcher.show();
    }
  });
  window.addEventListener("hashchange", (event) => {
    // The URL the person went to, from the event: a route the app posted while this event was
    // queued may already have been mirrored over location.hash, and must not win over it.
    const wanted = routeOf(new URL(event.newURL).hash);
    if (`#${routePath(wanted)}` !== location.hash) history.replaceState(null, "", `#${routePath(wanted)}`);
    switcher.show();
    frame.contentWindow.postMessage({ type: "aep-navigate", route: routePath(wanted) }, location.origin);
  });
}

start();
