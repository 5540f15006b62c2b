// Routes live in the hash, as on experience.adobe.com:
//   #/@{tenant}/sname:{sandbox}/platform/home
//   #/@{tenant}/sname:{sandbox}/platform/destination/{overview|catalog|browse|accounts|system-view}
//   #/@{tenant}/sname:{sandbox}/platform/destination/browse/{flowId}[/activation]

export const TABS = ["overview", "catalog", "browse", "accounts", "system-view"];

/** The route in a hash ("#/@acme/sname:prod/platform/home"), or null if it is not one. */
export function parseRoute(hash) {
  const path = decodeURI(hash.replace(/^#/, ""));
  const match = path.match(/^\/@([^/]+)\/sname:([^/]+)\/platform(?:\/(.*))?$/);
  if (!match) return null;
  const [, tenant, sandbox, rest = ""] = match;
  const parts = rest.split("/").filter(Boolean);
  const route = { tenant, sandbox, page: "home" };
  if (parts[0] === "destination") {
    if (parts[1] === "browse" && parts[2]) {
      const flowTab = parts[3] === "activation" ? "activation" : "runs";
      return { ...route, page: "dataflow", flowId: parts[2], flowTab };
    }
    return { ...route, page: "destination", tab: TABS.includes(parts[1]) ? parts[1] : "overview" };
  }
  return route;
}

/** The hash path of a route ("/@acme/sname:prod/platform/..."). */
export function routePath(route) {
  const base = `/@${route.tenant}/sname:${route.sandbox}/platform`;
  if (route.page === "destination") return `${base}/destination/${route.tab || "overview"}`;
  if (route.page === "dataflow") {
    const suffix = route.flowTab === "activation" ? "/activation" : "";
    return `${base}/destination/browse/${route.flowId}${suffix}`;
  }
  return `${base}/home`;
}

export function defaultRoute(boot) {
  const sandbox = boot.sandboxes && boot.sandboxes.length ? sandboxName(boot.sandboxes[0]) : "prod";
  return { tenant: boot.tenant, sandbox, page: "home" };
}

// The bootstrap's sandboxes are objects ({name, title, ...}); tolerate plain names too.
export const sandboxName = (sb) => (typeof sb === "string" ? sb : sb.name);
export const sandboxTitle = (sb) => (typeof sb === "string" ? sb : sb.title || sb.name);

export function findSandbox(boot, name) {
  return (boot.sandboxes || []).find((sb) => sandboxName(sb) === name) || null;
}
