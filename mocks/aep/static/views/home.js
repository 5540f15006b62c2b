// Platform home: the landing page of `#/@tenant/sname:sandbox/platform/home`.
import { h } from "../lib/dom.js";
import { findSandbox, sandboxTitle } from "../lib/route.js";

export function renderHome({ boot, route, main }) {
  const sandbox = findSandbox(boot, route.sandbox);
  main.replaceChildren(h("div", { class: "page home" },
    h("h1", { class: "page-title" }, `Welcome, ${boot.user.name.split(" ")[0]}`),
    h("p", { class: "page-intro" },
      `Adobe Experience Platform for ${boot.org}, sandbox ${sandboxTitle(sandbox)}. `,
      "Use the left navigation to manage where your audiences are activated."),
    h("section", { class: "home-cards", "aria-label": "Getting started" },
      h("article", { class: "card" }, h("h2", { class: "card-title" }, "Connections"),
        h("p", {}, "Connect audiences to advertising, social and cloud storage destinations.")),
      h("article", { class: "card" }, h("h2", { class: "card-title" }, "Your permissions"),
        h("p", {}, boot.user.permissions.join(", "))))));
}
