// The Platform app: left navigation, hash router and the routed view. It runs inside the
// Unified Shell's iframe (variant shell=iframe, page /app/) or in the shell page itself
// (shell=top); either way its route is its own window's hash. In the iframe it reports every
// route to the shell, which mirrors it in the top page's URL, and follows the routes the
// shell forwards when the top page's hash changes.
import { h } from "./lib/dom.js";
import { closeAllOverlays } from "./lib/overlay.js";
import { defaultRoute, findSandbox, parseRoute, routePath } from "./lib/route.js";
import { renderHome } from "./views/home.js";
import { renderDestinations } from "./views/destinations.js";
import { renderDataflow } from "./views/dataflow.js";

const boot = window.__AEP__;
const inFrame = window.parent !== window;
let generation = 0;
let navLinks = {};

function currentRoute() {
  const route = parseRoute(location.hash);
  return route && findSandbox(boot, route.sandbox) ? route : null;
}

/** Go to a route; in-app navigation adds a history entry, as a router link would. */
export function navigate(route, { replace = false } = {}) {
  const hash = `#${routePath(route)}`;
  if (replace) location.replace(hash);
  else location.hash = hash;
}

function leftNav(route) {
  const home = { ...route, page: "home" };
  const destinations = { ...route, page: "destination", tab: "overview" };
  const link = (key, target, label) => {
    const a = h("a", { href: `#${routePath(target)}`, class: "nav-link" }, label);
    navLinks[key] = a;
    return h("li", {}, a);
  };
  // Variant nav: "Connections > Destinations" (newer docs) or "Destinations" on its own (older).
  if ((boot.variants || {}).nav === "destinations") {
    return h("nav", { class: "side-nav", "aria-label": "Platform" },
      h("ul", { class: "nav-list" }, link("home", home, "Home"),
        link("destination", destinations, "Destinations")));
  }
  return h("nav", { class: "side-nav", "aria-label": "Platform" },
    h("ul", { class: "nav-list" }, link("home", home, "Home")),
    h("h2", { class: "nav-heading", id: "nav-connections" }, "Connections"),
    h("ul", { class: "nav-list", "aria-labelledby": "nav-connections" },
      link("destination", destinations, "Destinations")));
}

function markCurrentNav(route) {
  const key = route.page === "home" ? "home" : "destination";
  for (const [name, a] of Object.entries(navLinks)) {
    if (name === key) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

function mount(root) {
  let layoutSandbox = null;
  let main = null;

  function render() {
    const route = currentRoute();
    if (!route) {
      navigate(defaultRoute(boot), { replace: true });
      return;
    }
    closeAllOverlays();
    if (layoutSandbox !== route.sandbox) {
      layoutSandbox = route.sandbox;
      navLinks = {};
      main = h("main", { class: "app-main", id: "app-main" });
      root.replaceChildren(h("div", { class: "app-layout" }, leftNav(route), main));
    }
    markCurrentNav(route);
    generation += 1;
    const mine = generation;
    const ctx = {
      boot,
      route,
      main,
      navigate,
      // Async views check this before touching the DOM: a newer route may have replaced them.
      isCurrent: () => mine === generation,
    };
    if (route.page === "home") renderHome(ctx);
    else if (route.page === "dataflow") renderDataflow(ctx);
    else renderDestinations(ctx);
    if (inFrame) window.parent.postMessage({ type: "aep-route", route: routePath(route) }, location.origin);
  }

  window.addEventListener("hashchange", render);
  if (inFrame) {
    // The shell forwards its hashchange (the person edited the URL, or went back).
    window.addEventListener("message", (event) => {
      if (event.origin !== location.origin || event.source !== window.parent) return;
      const data = event.data || {};
      if (data.type === "aep-navigate" && typeof data.route === "string" && `#${data.route}` !== location.hash) {
        location.replace(`#${data.route}`);
      }
    });
  }
  render();
}

export function mountApp(root) {
  root.classList.add("platform-app");
  mount(root);
}

