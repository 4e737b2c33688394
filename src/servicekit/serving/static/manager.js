// The manager's page: fills the forms' choices from the catalogue, prices and screens through
// the same endpoints a POS uses, and follows the file as it is saved. Plain JavaScript.
"use strict";

const main = document.getElementById("main");
const base = main.dataset.base;
let listing = JSON.parse(document.getElementById("listing").textContent);
let seen = { version: main.dataset.version, checked: main.dataset.checked };

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

function money(minor) {
  const locale = listing.locale.replace("_", "-");
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: listing.currency });
  return format.format(minor / 10 ** listing.minor_units);
}

function list(text) {
  return text.split(",").map((word) => word.trim()).filter(Boolean);
}

// Services, lengths and add-ons, from the listing

function fillServices() {
  for (const select of document.querySelectorAll(".service-select")) {
    const chosen = select.value;
    select.replaceChildren(...listing.services.map((s) => el("option", { value: s.id }, s.name)));
    if (listing.services.some((s) => s.id === chosen)) select.value = chosen;
    fillChoices(select);
  }
}

function fillChoices(select) {
  const service = listing.services.find((s) => s.id === select.value);
  if (!service) return;
  const lengths = document.getElementById(select.dataset.lengths);
  if (lengths) {
    const chosen = lengths.value;
    lengths.replaceChildren(...service.variations.map((v) =>
      el("option", { value: v.duration_minutes }, `${v.name} (${money(v.price)})`)));
    if (service.variations.some((v) => String(v.duration_minutes) === chosen)) lengths.value = chosen;
  }
  const addons = document.getElementById(select.dataset.addons);
  const legend = addons.querySelector("legend");
  const offered = listing.addons.filter((a) => service.addons.includes(a.id));
  const guests = service.guests || 1;
  const boxes = offered.map((addon) => {
    const id = `${addons.id}-${addon.id}`;
    if (guests > 1) {  // a service for several guests: how many of them have the add-on
      return el("span", { class: "check" },
        el("label", { for: id }, `${addon.name} (${money(addon.price)}), guests`),
        el("input", { type: "number", id, name: "addons", value: 0, min: 0, max: guests, step: 1, class: "count", "data-addon": addon.id }));
    }
    return el("span", { class: "check" },
      el("input", { type: "checkbox", id, name: "addons", value: addon.id }),
      el("label", { for: id }, `${addon.name} (${money(addon.price)})`));
  });
  addons.replaceChildren(legend, ...(boxes.length ? boxes : [el("span", { class: "note" }, "None for this service.")]));
}

for (const select of document.querySelectorAll(".service-select")) {
  select.addEventListener("change", () => fillChoices(select));
}

// A visit's items: the first is on the page; more are copies of it, numbered

const itemsBox = document.getElementById("quote-items");
const addItem = document.getElementById("quote-add-item");

function renumber() {
  itemsBox.querySelectorAll("fieldset.item").forEach((row, index) => {
    row.querySelector("legend").textContent = `Item ${index + 1}`;
    const remove = row.querySelector("button.remove");
    if (remove) remove.textContent = `Remove item ${index + 1}`;
  });
}

if (addItem) {
  addItem.addEventListener("click", () => {
    const rows = itemsBox.querySelectorAll("fieldset.item");
    const number = Number(rows[rows.length - 1].id.split("-")[2]) + 1;
    const row = rows[0].cloneNode(true);
    row.id = `quote-item-${number}`;
    for (const node of row.querySelectorAll("[id], [for], [data-lengths], [data-addons]")) {
      for (const name of ["id", "for", "data-lengths", "data-addons"]) {
        const value = node.getAttribute(name);
        if (value) node.setAttribute(name, value.replace(/^quote-item-\d+/, `quote-item-${number}`));
      }
    }
    row.querySelector("input[name=guest]").value = "";
    const remove = el("button", { type: "button", class: "secondary remove" }, "Remove");
    remove.addEventListener("click", () => { row.remove(); renumber(); });
    row.append(el("p", {}, remove));
    itemsBox.append(row);
    const select = row.querySelector(".service-select");
    select.value = rows[0].querySelector(".service-select").value;
    select.addEventListener("change", () => fillChoices(select));
    fillChoices(select);
    renumber();
    select.focus();
  });
}

// Answers and problems

async function ask(path, body) {
  const response = await fetch(base + path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { ok: response.ok, data: await response.json() };
}

// A visit's mistake names its item as the form does ("Item 2"), from the problem's path.
function problemsItem(problem) {
  const path = problem.errors && problem.errors.length === 1 ? problem.errors[0].path || "" : "";
  const item = /^\$\.items\[(\d+)\]/.exec(path);
  return item ? `Item ${Number(item[1]) + 1}: ` : "";
}

function problemView(problem) {
  return el("div", { class: "problem", role: "alert" },
    el("p", {}, el("strong", {}, problem.title + ": "), problemsItem(problem), problem.detail),
    problem.hint ? el("p", { class: "hint" }, problem.hint) : null,
    problem.errors && problem.errors.length > 1
      ? el("ul", {}, problem.errors.map((e) => el("li", {}, `${e.path || ""} ${e.message}`, e.hint ? ` (${e.hint})` : "")))
      : null);
}

function checked(form, name) {
  return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((box) => box.value);
}

// Quotes

const quoteForm = document.getElementById("quote-form");
if (quoteForm) {
  quoteForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = new FormData(quoteForm);
    const body = { items: [...itemsBox.querySelectorAll("fieldset.item")].map(itemOf), tags: [], promos: list(form.get("promos")) };
    for (const tag of list(form.get("tags"))) {  // member@ann: one guest's tag
      const [name, guest] = tag.split("@");
      if (!guest) { body.tags.push(name); continue; }
      body.guests = body.guests || {};
      (body.guests[guest] = body.guests[guest] || { tags: [] }).tags.push(name);
    }
    const gifts = list(form.get("gift"));
    if (gifts.length) body.pay_with = gifts.map((amount) => `gift:${amount}`);
    if (form.get("at")) body.at = form.get("at");
    for (const key of ["location", "therapist_level"]) if (form.get(key)) body[key] = form.get(key);
    const result = document.getElementById("quote-result");
    const answer = await ask("quote", body);
    result.replaceChildren(answer.ok ? quoteView(answer.data) : problemView(answer.data));
  });
}

function itemOf(row) {
  const item = {
    service: row.querySelector("[name=service]").value,
    duration: Number(row.querySelector("[name=duration]").value),
    addons: {},
  };
  for (const input of row.querySelectorAll("input[name=addons]")) {
    if (input.type === "checkbox" && input.checked) item.addons[input.value] = 1;
    if (input.type === "number" && Number(input.value) > 0) item.addons[input.dataset.addon] = Number(input.value);
  }
  const guests = list(row.querySelector("[name=guest]").value);
  if (guests.length) item.guest = guests.length === 1 ? guests[0] : guests;
  return item;
}

function lineRow(line, indent) {
  const label = (line.target ? "\u2003" : "") + line.label + (line.quantity ? ` \u00d7 ${line.quantity}` : "");
  return el("tr", { class: line.kind },
    el("td", {}, indent ? "\u2003" : "", label, line.detail ? el("span", { class: "note" }, ` ${line.detail}`) : null),
    el("td", { class: "amount" }, money(line.amount)));
}

function quoteView(quote) {
  const rows = [];
  for (const item of quote.items || []) {
    const when = item.start.slice(11, 16);
    rows.push(el("tr", { class: "item" }, el("th", { colspan: 2, scope: "rowgroup" }, `${item.guests.join(" & ")} · ${when}`)));
    rows.push(...item.lines.map((line) => lineRow(line, true)));
  }
  if (quote.items && quote.lines.length) rows.push(el("tr", { class: "item" }, el("th", { colspan: 2, scope: "rowgroup" }, "Visit")));
  rows.push(...quote.lines.map((line) => lineRow(line, false)));
  const foot = [el("tr", {}, el("th", { scope: "row" }, "Total"), el("td", { class: "amount", id: "quote-total" }, money(quote.total)))];
  for (const tender of quote.tender || []) {
    foot.push(el("tr", {}, el("th", { scope: "row" }, "Paid with a gift certificate"), el("td", { class: "amount" }, money(-tender.amount))));
  }
  if ((quote.tender || []).length) {
    foot.push(el("tr", { class: "due" }, el("th", { scope: "row" }, "Amount due"), el("td", { class: "amount", id: "quote-due" }, money(quote.amount_due))));
  }
  const charges = [quote.deposit, ...quote.fees].filter(Boolean).map((charge) =>
    el("li", {}, `${charge.label}: ${money(charge.amount)}`, charge.detail ? el("span", { class: "note" }, ` (${charge.detail})`) : null));
  if (quote.gratuity.length) {
    charges.push(el("li", {}, "Suggested gratuity: " +
      quote.gratuity.map((tip) => `${tip.percent}% ${money(tip.amount)}`).join(" · ")));
  }
  const warnings = (quote.warnings || []).map((warning) =>
    el("li", {}, warning.message, warning.hint ? el("span", { class: "hint" }, ` (${warning.hint})`) : null));
  const audit = quote.audit.map((entry) =>
    el("tr", { class: entry.applied ? "applied" : "skipped" },
      el("td", {}, entry.rule || "–"),
      el("td", {}, entry.stage + (entry.item !== undefined ? ` · item ${entry.item + 1}` : "")),
      el("td", {}, entry.applied ? "applied" : entry.outcome),
      el("td", {}, entry.reason),
      el("td", { class: "amount" }, entry.applied && entry.amount !== null ? money(entry.amount) : "")));
  return el("div", {},
    warnings.length ? el("div", { class: "quote-warnings", role: "note" }, el("h3", {}, "Check"), el("ul", {}, warnings)) : null,
    el("table", { class: "lines" }, el("caption", {}, "Lines"),
      el("tbody", {}, rows),
      el("tfoot", {}, foot)),
    charges.length ? el("ul", { class: "charges" }, charges) : null,
    el("table", { class: "audit" }, el("caption", {}, "Why this price"),
      el("thead", {}, el("tr", {}, ["Rule", "Stage", "Outcome", "Why", "Amount"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, audit)));
}

// Screening

const screenForm = document.getElementById("screen-form");
if (screenForm) {
  screenForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = new FormData(screenForm);
    const intake = {
      client: {
        conditions: checked(screenForm, "conditions"),
        medications: checked(screenForm, "medications"),
        allergies: checked(screenForm, "allergies"),
        under_physician_care: form.get("under_physician_care") === "yes",
      },
    };
    if (form.get("weeks") !== "") {
      intake.pregnancy = { weeks: Number(form.get("weeks")), high_risk: form.get("high_risk") === "on" };
    }
    const body = { service: form.get("service"), addons: checked(screenForm, "addons"), intake };
    if (form.get("at")) body.at = form.get("at");
    const result = document.getElementById("screen-result");
    const answer = await ask("screen", body);
    result.replaceChildren(answer.ok ? screeningView(answer.data) : problemView(answer.data));
  });
}

const VERDICTS = {
  clear: "Clear: bookable",
  modify: "Modify: bookable with the constraints below",
  clearance: "Clearance: pending a physician's clearance",
  block: "Block: do not book",
  incomplete: "Incomplete: screening cannot say",
};

function screeningView(screening) {
  const findings = screening.findings.map((finding) =>
    el("li", { class: finding.severity },
      el("strong", {}, `${finding.severity}: `), finding.reason,
      finding.modification ? el("span", {}, ` Do: ${finding.modification}`) : null,
      finding.triggers.length ? el("span", { class: "note" }, ` (because: ${finding.triggers.join(", ")})`) : null,
      el("span", { class: "note" }, ` rule ${finding.rule}`)));
  const bookable = (screening.bookable || []).map((item) =>
    el("li", {}, `${item.service}: ${item.verdict}`, item.reasons.length ? ` (${item.reasons.join(", ")})` : ""));
  return el("div", {},
    el("p", { class: `verdict ${screening.verdict}`, id: "screen-verdict" }, VERDICTS[screening.verdict] || screening.verdict),
    (screening.incomplete || []).length ? el("ul", {}, screening.incomplete.map((why) => el("li", {}, why))) : null,
    el("h3", {}, "Findings"),
    findings.length ? el("ul", { class: "findings" }, findings) : el("p", {}, "No findings."),
    bookable.length ? el("details", {}, el("summary", {}, "Services for this client"), el("ul", {}, bookable)) : null,
    el("p", { class: "note" }, screening.disclaimer || ""));
}

// The condition filter

for (const input of document.querySelectorAll("input[data-filter]")) {
  input.addEventListener("input", () => {
    const words = input.value.toLowerCase();
    for (const item of document.getElementById(input.dataset.filter).children) {
      item.hidden = words !== "" && !item.textContent.toLowerCase().includes(words);
    }
  });
}

// Following the file as it is saved

function problemItems(problems) {
  return problems.map((p) => el("li", {},
    el("span", { class: "where" }, p.source + (p.line ? `:${p.line}` : "")),
    p.path ? [" ", el("code", {}, p.path)] : null, `: ${p.message}`,
    p.hint ? [" ", el("span", { class: "hint" }, `(${p.hint})`)] : null));
}

function showStatus(status) {
  const section = document.getElementById("problems");
  section.className = status.state;
  const body = document.getElementById("problems-body");
  const parts = [];
  if (status.problems.length) {
    parts.push(el("p", { class: "state" }, status.version
      ? "The saved file has problems, so the last good version is still serving. Fix them and save: this page updates by itself."
      : "The file has problems and has never built. Fix them and save: this page updates by itself."));
    parts.push(el("ul", { class: "problems" }, problemItems(status.problems)));
  } else {
    parts.push(el("p", { class: "state" }, "No problems: the file as saved is what clients see."));
  }
  if (status.warnings.length) {
    parts.push(el("h3", {}, "Warnings"), el("ul", { class: "problems warnings" }, problemItems(status.warnings)));
  }
  body.replaceChildren(...parts);
  if (status.version) {
    document.getElementById("served").replaceChildren("Serving ", el("code", {}, status.source), ", version ",
      el("code", { title: status.version }, status.version.slice(7, 19)), `, loaded ${status.loaded_at}`);
  }
}

async function follow() {
  try {
    const response = await fetch(base + "status", { cache: "no-store" });
    if (response.ok) {
      const status = await response.json();
      if (status.version !== seen.version && !seen.version) {
        location.reload();  // the first good build: the page has forms to show now
        return;
      }
      if (status.version !== seen.version || status.checked_at !== seen.checked) {
        showStatus(status);
      }
      if (status.version !== seen.version) {
        const services = await fetch(base + "services", { cache: "no-store" });
        if (services.ok) {
          listing = await services.json();
          fillServices();
        }
        const frame = document.getElementById("menu-frame");
        if (frame) frame.src = base + "menu";
      }
      seen = { version: status.version, checked: status.checked_at };
    }
  } finally {
    setTimeout(follow, 1000);
  }
}

if (listing) fillServices();
setTimeout(follow, 1000);
