// The Unified Shell page: top bar (product, org, sandbox switcher, user) and the Platform app,
// either in an <iframe> (variant shell=iframe, the default) or mounted here (shell=top).
// In the iframe variant the top page's hash mirrors the app's route: the app posts each
// route here and we `history.replaceState` it; our own hashchange (a person edited the URL
// or went back) is forwarded to the app. So page.url is always the app's location.
import { h, icon } from "./lib/dom.js";
import { openListbox } from "./lib/overlay.js";
import { defaultRoute, findSandbox, parseRoute, routePath, sandboxName, sandboxTitle } from "./lib/route.js";

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

/** The sandbox switcher: a `button` showing the sandbox that opens a `listbox` of `option`s. */
function sandboxSwitcher() {
  const title = h("span", { class: "sandbox-title" });
  const meta = h("span", { class: "sandbox-meta" });
  const button = h("button", {
    type: "button", class: "sandbox-switcher", id: "sandbox-switcher",
    "aria-haspopup": "listbox", "aria-expanded": "false",
  }, h("span", { class: "sandbox-kicker" }, "Sandbox"), title, meta, icon("chevron"));
  const show = () => {
    const sb = findSandbox(boot, currentRoute().sandbox);
    title.textContent = sandboxTitle(sb);
    meta.textContent = sandboxMeta(sb);
  };
  const open = () => openListbox(button, {
    label: "Sandboxes",
    selectedKey: currentRoute().sandbox,
    items: boot.sandboxes.map((sb) => ({
      key: sandboxName(sb), label: sandboxTitle(sb), description: sandboxMeta(sb) || null,
    })),
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

function topBar(switcher) {
  return h("header", { class: "shell-bar" },
    h("div", { class: "shell-brand" }, h("span", { class: "shell-logo", "aria-hidden": "true" }, "A"),
      h("span", { class: "shell-product" }, "Adobe Experience Platform")),
    h("div", { class: "shell-context" },
      h("span", { class: "shell-org", title: "Organization" }, boot.org),
      switcher.element),
    h("div", { class: "shell-user" },
      h("span", { class: "shell-user-name" }, boot.user.name),
      h("a", { href: "/signout", class: "shell-signout" }, "Sign out")));
}

async function start() {
  const switcher = sandboxSwitcher();
  const holder = document.getElementById("shell-app");
  document.body.prepend(topBar(switcher));
  if (!parseRoute(location.hash)) history.replaceState(null, "", `#${routePath(currentRoute())}`);

  if (variant === "top") {
    window.addEventListener("hashchange", switcher.show);
    const { mountApp } = await import("./app.js");
    mountApp(holder);
    return;
  }

  const frame = h("iframe", {
    title: "Adobe Experience Platform", class: "shell-frame", src: `/app/#${routePath(currentRoute())}`,
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
