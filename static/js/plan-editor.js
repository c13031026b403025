// The plan editor as a document. The page draws the plan as it prints (header,
// legal bases, sections, parts and lines, the structured lists where their
// anchors print, recipients and signature) from the outline the server
// embedded, edits that model in place and sends the whole outline back as one
// JSON POST, debounced while typing. Unsaved work is kept in localStorage so a
// reload or a failed save loses nothing. Items are plain text: each line is an
// auto-growing textarea, and the outline's structure is a flat list of lines
// (section, part, item) that is turned back into a tree when saving.
(function () {
  "use strict";

  var dataEl = document.getElementById("editor-data");
  var doc = document.getElementById("plan-doc");
  if (!dataEl || !doc) return;
  var DATA = JSON.parse(dataEl.textContent);
  var W = DATA.words;
  var C = DATA.choices;
  var SAVE_URL = doc.dataset.saveUrl;
  var DRAFT_KEY = "plan-draft-" + doc.dataset.plan;
  var extra = document.getElementById("plan-extra");
  var statusEl = document.getElementById("save-status");

  var seq = 0;
  function newKey() {
    seq += 1;
    return "n" + Date.now().toString(36) + seq;
  }

  // --- the model ---------------------------------------------------------------------------

  var LIST_FIELDS = {
    bases: {},
    preamble: {},
    closing: {},
    agenda: { style: "dash", presenter: "", minutes: null },
    groups_invited: { style: "dash", expected_count: null, session: "" },
    groups_participants: { style: "dash", expected_count: null, session: "" },
    people_chair: {},
    people_secretary: {},
    recipients: { note: "" },
  };
  var STYLED = { agenda: 1, groups_invited: 1, groups_participants: 1, body: 1 };

  function paragraphs(text, prefix) {
    return (text || "").split("\n").filter(function (t) { return t.trim(); }).map(function (t, i) {
      return { key: prefix + i, text: t };
    });
  }

  // Server outline (tree) -> editor state (flat lists).
  function fromOutline(o) {
    var body = [];
    o.sections.forEach(function (s) {
      body.push({ key: s.key, id: s.id, level: "section", text: s.heading });
      s.parts.forEach(function (p) {
        body.push({ key: p.key, id: p.id, level: "part", text: p.heading, kind: p.kind,
          heading_style: p.heading_style, numbered: p.numbered, organization: p.organization });
        p.items.forEach(function (i) {
          body.push({ key: i.key, id: i.id, level: "item", text: i.text, kind: i.kind, style: i.style });
        });
      });
    });
    var plan = Object.assign({}, o.plan);
    var state = {
      version: o.version,
      plan: plan,
      lists: {
        bases: o.bases.map(function (b) { return { key: b.key, id: b.id, text: b.text }; }),
        preamble: paragraphs(plan.preamble, "pre"),
        closing: paragraphs(plan.closing, "clo"),
        body: body,
        agenda: o.agenda.slice(),
        groups_invited: o.groups.filter(function (g) { return g.category === "invited"; }),
        groups_participants: o.groups.filter(function (g) { return g.category === "participants"; }),
        people_chair: o.people.filter(function (p) { return p.role === "chair"; }).map(function (p) {
          return { key: p.key, id: p.id, text: p.description };
        }),
        people_secretary: o.people.filter(function (p) { return p.role === "secretary"; }).map(function (p) {
          return { key: p.key, id: p.id, text: p.description };
        }),
        recipients: o.recipients.slice(),
      },
      sessions: o.sessions.slice(),
      rules: o.rules.slice(),
    };
    delete state.plan.preamble;
    delete state.plan.closing;
    return state;
  }

  function blank(node) {
    return !(node.text || "").trim();
  }

  // Editor state -> the outline the server stores. Empty lines are left out: a
  // new line is saved once it has text, and a line emptied by the user is removed.
  function toOutline(state) {
    var L = state.lists;
    var plan = Object.assign({}, state.plan);
    plan.preamble = L.preamble.filter(function (n) { return !blank(n); }).map(function (n) { return n.text; }).join("\n");
    plan.closing = L.closing.filter(function (n) { return !blank(n); }).map(function (n) { return n.text; }).join("\n");
    var sections = [];
    var section = null;
    var part = null;
    L.body.forEach(function (n) {
      if (n.level === "section") {
        section = { key: n.key, id: n.id || null, heading: n.text, parts: [] };
        sections.push(section);
        part = null;
      } else if (n.level === "part") {
        part = { key: n.key, id: n.id || null, heading: n.text, kind: n.kind || "text",
          heading_style: n.heading_style || "line", numbered: n.numbered !== false,
          organization: n.organization || null, items: [] };
        section.parts.push(part);
      } else if (!(n.kind === "text" && blank(n))) {
        part.items.push({ key: n.key, id: n.id || null, kind: n.kind || "text", style: n.style || "dash", text: n.text });
      }
    });
    // A part without heading, number or lines prints nothing: it is not stored.
    sections.forEach(function (s) {
      s.parts = s.parts.filter(function (p) { return p.heading.trim() || p.numbered || p.items.length; });
    });
    function kept(list) { return list.filter(function (n) { return !blank(n); }); }
    function groups(list, category) {
      return kept(list).map(function (g) {
        return { key: g.key, id: g.id || null, category: category, session: g.session || "", style: g.style || "dash",
          text: g.text, expected_count: g.expected_count === "" ? null : g.expected_count };
      });
    }
    function people(list, role) {
      return kept(list).map(function (p) { return { key: p.key, id: p.id || null, role: role, description: p.text }; });
    }
    return {
      version: state.version,
      plan: plan,
      bases: kept(L.bases).map(function (b) { return { key: b.key, id: b.id || null, text: b.text }; }),
      sections: sections,
      people: people(L.people_chair, "chair").concat(people(L.people_secretary, "secretary")),
      sessions: state.sessions.map(function (s) { return Object.assign({}, s, { id: s.id || null }); }),
      groups: groups(L.groups_invited, "invited").concat(groups(L.groups_participants, "participants")),
      agenda: kept(L.agenda).map(function (a) { return Object.assign({}, a, { id: a.id || null }); }),
      rules: state.rules.map(function (r) { return Object.assign({}, r, { id: r.id || null }); }),
      recipients: kept(L.recipients).map(function (r) { return { key: r.key, id: r.id || null, text: r.text, note: r.note || "" }; }),
    };
  }

  var RANK = { section: 0, part: 1, item: 2 };
  function rank(n) {
    if (n.level !== "item") return RANK[n.level];
    return n.style === "plus" ? 3 : 2;
  }

  function newNode(list, proto) {
    var node = Object.assign({ key: newKey(), text: "" }, LIST_FIELDS[list] || {}, proto || {});
    if (list === "body" && !node.level) node.level = "item";
    if (node.level === "item") node = Object.assign({ kind: "text", style: "dash" }, node);
    if (node.level === "part") node = Object.assign({ kind: "text", heading_style: "line", numbered: true, organization: null }, node);
    return node;
  }

  // Items always sit in a part and parts in a section: add the missing container
  // (an unnumbered part without heading, as plans print lines right under a section).
  function normalize(body) {
    var out = [];
    var inSection = false;
    var inPart = false;
    body.forEach(function (n) {
      if (n.level === "section") {
        inSection = true;
        inPart = false;
      } else {
        if (!inSection) {
          out.push(newNode("body", { level: "section" }));
          inSection = true;
        }
        if (n.level === "part") inPart = true;
        else if (!inPart) {
          out.push(newNode("body", { level: "part", numbered: false }));
          inPart = true;
        }
      }
      out.push(n);
    });
    return out;
  }

  var state = fromOutline(DATA.outline);
  var errors = {};
  var current = null; // {list, key} of the line the toolbar acts on

  // --- markers ------------------------------------------------------------------------------

  var ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"];
  var LETTERS = "abcdđeghiklmnopqrstuvxy";

  // A marker typed or pasted at the start of a line: what it makes of the line, and the rest.
  function parseMarker(text, pasting) {
    var m;
    if ((m = /^\s*([IVX]{1,4})\.\s+(.*)$/.exec(text))) return { level: "section", text: m[2] };
    if ((m = /^\s*\d{1,2}\.\s+(.*)$/.exec(text))) return pasting ? { level: "part", text: m[1] } : { style: "numbered", text: m[1] };
    if ((m = /^\s*[a-zđ]\)\s+(.*)$/.exec(text))) return { style: "letter_paren", text: m[1] };
    if ((m = /^\s*[a-zđ]\.\s+(.*)$/.exec(text))) return { style: "letter_dot", text: m[1] };
    if ((m = (pasting ? /^\s*[-–•]\s*(\S.*)$/ : /^\s*[-–•]\s+(.*)$/).exec(text))) return { style: "dash", text: m[1] };
    if ((m = (pasting ? /^\s*\+\s*(\S.*)$/ : /^\s*\+\s+(.*)$/).exec(text))) return { style: "plus", text: m[1] };
    if ((m = (pasting ? /^\s*\*\s*(\S.*)$/ : /^\s*\*\s+(.*)$/).exec(text))) return { style: "star", text: m[1] };
    return null;
  }

  // A line that goes on with a small letter: the rest of a sentence broken in two.
  function continues(line) {
    var first = line.charAt(0);
    return first !== first.toUpperCase() && first === first.toLowerCase();
  }

  // Pasted text -> paragraphs: a line is a paragraph of its own (as Word copies them), unless
  // the line before it stopped mid-sentence and it goes on in small letters (as a PDF copies).
  function pastedParagraphs(text) {
    var out = [];
    var open = false;
    text.replace(/\r\n?/g, "\n").split("\n").forEach(function (raw) {
      var line = raw.replace(/\s+/g, " ").trim();
      if (!line) {
        open = false;
        return;
      }
      if (open && out.length && !parseMarker(line, true) && continues(line)) {
        out[out.length - 1] += " " + line;
      } else {
        out.push(line);
      }
      open = !/[.;:!?…”"»)]$/.test(line);
    });
    return out;
  }

  function markers(body) {
    var out = {};
    var s = 0, p = 0, num = 0, letters = 0;
    body.forEach(function (n) {
      if (n.level === "section") {
        out[n.key] = (ROMAN[s] || s + 1) + ".";
        s += 1;
        p = 0;
      } else if (n.level === "part") {
        num = 0;
        letters = 0;
        if (n.numbered !== false) {
          p += 1;
          out[n.key] = p + ".";
        } else out[n.key] = "";
      } else out[n.key] = itemMarker(n.style, function () { num += 1; return num; }, function () { letters += 1; return letters; });
    });
    return out;
  }

  function itemMarker(style, nextNumber, nextLetter) {
    switch (style) {
      case "dash": return "-";
      case "plus": return "+";
      case "star": return "*";
      case "numbered": return nextNumber() + ".";
      case "letter_paren": return LETTERS.charAt(nextLetter() - 1) + ")";
      case "letter_dot": return LETTERS.charAt(nextLetter() - 1) + ".";
      case "inline": return "↦";
      default: return "";
    }
  }

  // --- drawing ------------------------------------------------------------------------------

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") el.textContent = value;
      else if (name === "value") el.value = value;
      else if (name === "checked") el.checked = !!value;
      else el.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return el;
  }

  function fieldError(key, field, control) {
    var message = errors[key] && errors[key][field];
    if (!message) return null;
    var id = "err-" + key + "-" + field;
    control.classList.add("is-invalid");
    control.setAttribute("aria-invalid", "true");
    control.setAttribute("aria-describedby", id);
    return h("div", { class: "invalid-feedback d-block", id: id, text: message });
  }

  function select(options, value, attrs) {
    var el = h("select", Object.assign({ class: "form-select form-select-sm" }, attrs));
    options.forEach(function (o) {
      el.appendChild(h("option", { value: o[0], text: o[1] }));
    });
    el.value = value === null || value === undefined ? "" : String(value);
    return el;
  }

  // One plan-level field, drawn where it prints.
  function planField(name, label, opts) {
    opts = opts || {};
    var control;
    var attrs = { id: "f-plan-" + name, "data-key": "plan", "data-field": name, "aria-label": label,
      class: "pf " + (opts.cls || ""), placeholder: opts.placeholder || label };
    if (opts.choices) {
      control = select(opts.choices, state.plan[name], attrs);
      control.classList.add("pf");
    } else if (opts.multi) {
      control = h("textarea", Object.assign(attrs, { rows: 1, value: state.plan[name] || "" }));
      control.classList.add("grow");
    } else {
      control = h("input", Object.assign(attrs, { type: "text", value: state.plan[name] || "" }));
    }
    var wrap = h("span", { class: "pf-wrap " + (opts.wrap || "") }, [control]);
    var err = fieldError("plan", name, control);
    if (err) wrap.appendChild(err);
    return wrap;
  }

  function lineAria(list, n) {
    if (list === "body") return n.level === "section" ? W.section : n.level === "part" ? W.part : W.item;
    return { bases: W.basis, preamble: W.preamble, closing: W.closing, agenda: W.step, groups_invited: W.group,
      groups_participants: W.group, people_chair: W.chair, people_secretary: W.secretary, recipients: W.recipient }[list];
  }

  var anchorsDrawn = {};

  function drawLine(list, n, marker) {
    var cls = "line line-" + list + (list === "body" ? " lv-" + n.level + " st-" + (n.style || "") : "");
    if (list === "body" && n.level === "part" && !n.text && n.numbered === false) cls += " part-bare";
    var text = h("textarea", {
      class: "t grow" + (n.level === "section" || n.level === "part" ? " fw-bold" : ""),
      rows: 1, id: "f-" + n.key + "-text", "data-key": n.key, "data-list": list, "data-field": "text",
      "aria-label": (lineAria(list, n) + (marker ? " " + marker : "")).trim(), value: n.text || "",
      spellcheck: "true",
      placeholder: list === "body" && n.level === "item" && n.kind !== "text" ? W.label
        : list === "body" && n.level === "part" && !n.text && n.numbered === false ? W.empty_heading
        : lineAria(list, n) + "…",
    });
    var field = list === "body" && n.level !== "item" ? "heading" : list.indexOf("people") === 0 ? "description" : "text";
    var row = h("div", { class: cls, "data-key": n.key, "data-list": list }, [
      h("span", { class: "mk", "aria-hidden": "true", text: marker || "" }),
      h("div", { class: "lc" }, [text, fieldError(n.key, field, text), fieldError(n.key, "style", text), fieldError(n.key, "kind", text)]),
    ]);
    var extras = lineExtras(list, n);
    if (extras) row.querySelector(".lc").appendChild(extras);
    if (list === "body" && n.level === "part") {
      ["kind", "heading_style", "organization"].forEach(function (f) {
        var e = fieldError(n.key, f, text);
        if (e) row.querySelector(".lc").appendChild(e);
      });
    }
    if (list === "body" && n.level === "item" && n.kind && n.kind !== "text") {
      row.querySelector(".lc").appendChild(drawAnchor(n));
    }
    return row;
  }

  function small(n, field, label, attrs) {
    var input = h("input", Object.assign({ class: "form-control form-control-sm", "data-key": n.key, "data-field": field,
      "aria-label": label, placeholder: label, value: n[field] === null || n[field] === undefined ? "" : n[field],
      id: "f-" + n.key + "-" + field }, attrs || {}));
    return [input, fieldError(n.key, field, input)];
  }

  function lineExtras(list, n) {
    var parts = [];
    if (list === "agenda") {
      parts = parts.concat(small(n, "presenter", W.presenter, { type: "text", size: 18 }));
      parts = parts.concat(small(n, "minutes", W.minutes, { type: "number", min: 0, style: "width:7rem" }));
    } else if (list.indexOf("groups") === 0) {
      parts = parts.concat(small(n, "expected_count", W.expected, { type: "number", min: 0, style: "width:8rem" }));
      var options = [["", W.every_session]].concat(state.sessions.map(function (s) { return [s.key, s.window || "…"]; }));
      var sel = select(options, n.session || "", { "data-key": n.key, "data-field": "session", "aria-label": W.session,
        id: "f-" + n.key + "-session", style: "width:auto" });
      parts.push(sel, fieldError(n.key, "session", sel));
    } else if (list === "recipients") {
      var note = select(C.note, n.note || "", { "data-key": n.key, "data-field": "note", "aria-label": W.note,
        id: "f-" + n.key + "-note", style: "width:auto" });
      parts.push(note, fieldError(n.key, "note", note));
    } else {
      return null;
    }
    var filled = parts.some(function (p) { return p && p.value; });
    return h("div", { class: "extras" + (filled ? " filled" : "") }, parts);
  }

  var ANCHOR_LIST = { chairs: "people_chair", secretaries: "people_secretary", participants: "groups_participants",
    invited: "groups_invited", agenda: "agenda" };

  function drawAnchor(n) {
    var box = h("div", { class: "anchor-box", role: "group", "aria-label": label(C.item_kind, n.kind) });
    box.appendChild(h("div", { class: "anchor-title", "aria-hidden": "true", text: label(C.item_kind, n.kind) }));
    if (anchorsDrawn[n.kind]) {
      box.appendChild(h("div", { class: "small text-body-secondary", text: "↑" }));
      return box;
    }
    anchorsDrawn[n.kind] = true;
    if (n.kind === "sessions") box.appendChild(drawSessions());
    else box.appendChild(drawList(ANCHOR_LIST[n.kind]));
    return box;
  }

  function label(choices, value) {
    for (var i = 0; i < choices.length; i++) if (choices[i][0] === value) return choices[i][1];
    return value;
  }

  function drawList(list) {
    var nodes = state.lists[list];
    if (!nodes.length) nodes.push(newNode(list));
    var box = h("div", { class: "list list-" + list, "data-list": list });
    if (list === "body") {
      var mk = markers(nodes);
      nodes.forEach(function (n) { box.appendChild(drawLine(list, n, mk[n.key])); });
      return box;
    }
    var num = 0, letters = 0;
    nodes.forEach(function (n) {
      var marker = STYLED[list] ? itemMarker(n.style, function () { num += 1; return num; }, function () { letters += 1; return letters; })
        : list === "recipients" ? "-" : "";
      box.appendChild(drawLine(list, n, marker));
    });
    return box;
  }

  function card(n, fields, removeLabel, kind) {
    var grid = h("div", { class: "row g-2" });
    fields.forEach(function (f) {
      var id = "f-" + n.key + "-" + f.name;
      var control;
      var value = n[f.name] === null || n[f.name] === undefined ? "" : n[f.name];
      var attrs = { id: id, "data-key": n.key, "data-field": f.name, "data-card": kind };
      if (f.choices) control = select(f.choices, value, attrs);
      else if (f.multi) control = h("textarea", Object.assign(attrs, { class: "form-control form-control-sm grow", rows: 1, value: value }));
      else control = h("input", Object.assign(attrs, { class: "form-control form-control-sm", type: f.type || "text", value: value, min: f.min }));
      grid.appendChild(h("div", { class: f.col || "col-sm-6" }, [
        h("label", { class: "form-label small text-body-secondary mb-0", for: id, text: f.label }), control,
        fieldError(n.key, f.name, control),
      ]));
    });
    return h("div", { class: "rec-card", "data-key": n.key }, [
      grid,
      h("button", { type: "button", class: "btn btn-sm btn-light border text-danger-emphasis mt-1", "data-remove": kind, "data-key": n.key, text: removeLabel }),
    ]);
  }

  function drawSessions() {
    var box = h("div", { class: "sessions" });
    state.sessions.forEach(function (s) {
      box.appendChild(card(s, [
        { name: "window", label: W.window, col: "col-sm-7" },
        { name: "planned_date", label: W.planned_date, type: "date", col: "col-sm-5" },
        { name: "venue", label: W.venue, col: "col-sm-8" },
        { name: "expected_attendance", label: W.attendance, type: "number", min: 0, col: "col-sm-4" },
        { name: "audience", label: W.audience, multi: true, col: "col-12" },
        { name: "wording", label: W.wording, multi: true, col: "col-12" },
      ], W.remove_session, "sessions"));
    });
    box.appendChild(h("button", { type: "button", class: "btn btn-sm btn-outline-success", "data-add": "sessions", text: W.add_session }));
    return box;
  }

  function drawRules() {
    var box = h("section", { class: "rules", "aria-labelledby": "h-rules" }, [
      h("h2", { class: "h6", id: "h-rules", text: W.rules_title }),
    ]);
    state.rules.forEach(function (r) {
      box.appendChild(card(r, [
        { name: "code", label: W.code, col: "col-sm-3" },
        { name: "name", label: W.name, col: "col-sm-9" },
        { name: "anchor", label: W.anchor, choices: C.anchor, col: "col-sm-4" },
        { name: "days", label: W.days, type: "number", min: 0, col: "col-4 col-sm-2" },
        { name: "direction", label: W.direction, choices: [["after", W.after], ["before", W.before]], col: "col-8 col-sm-3" },
        { name: "day_type", label: W.day_type, choices: C.day_type, col: "col-sm-3" },
        { name: "responsible_text", label: W.responsible, col: "col-12" },
      ], W.remove_rule, "rules"));
    });
    box.appendChild(h("button", { type: "button", class: "btn btn-sm btn-outline-success", "data-add": "rules", text: W.add_rule }));
    return box;
  }

  function drawHeader() {
    var party = DATA.party;
    var left = h("td", { class: "paper-issuer" }, [
      planField("header_parent", W.header_parent, { cls: "text-center", multi: true }),
      planField("header_issuer", W.header_issuer, { cls: "text-center fw-bold", multi: true }),
      party ? h("div", { text: "*" }) : h("div", { class: "paper-rule" }),
      h("div", { class: "paper-symbol" }, [party ? "Số      -KH/" : "Số:      /KH-", planField("symbol", W.symbol, { cls: "w-symbol" })]),
    ]);
    var right = h("td", { class: "paper-motto" }, [
      party ? h("div", { class: "b u", text: "ĐẢNG CỘNG SẢN VIỆT NAM" }) : h("div", { class: "b", text: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" }),
      party ? null : h("div", { class: "b u", text: "Độc lập - Tự do - Hạnh phúc" }),
      h("div", { class: "i paper-date" }, [planField("place", W.place, { cls: "w-place text-end" }), ", ngày      tháng      năm " + DATA.year]),
    ]);
    return h("div", {}, [
      h("table", { class: "paper-head", role: "presentation" }, [h("tbody", {}, [h("tr", {}, [left, right])])]),
      h("div", { class: "paper-name" }, [planField("document_name", W.document_name, { cls: "text-center fw-bold" })]),
      h("div", { class: "paper-subject" }, [planField("subject", W.subject, { cls: "text-center fw-bold", multi: true })]),
      h("div", { class: "paper-rule paper-rule-center" }),
    ]);
  }

  function drawFooter() {
    var left = h("td", { class: "paper-recipients" }, [
      h("div", { class: "b i", text: "Nơi nhận:" }),
      drawList("recipients"),
      h("div", { class: "d-flex" }, [h("span", { class: "mk", "aria-hidden": "true", text: "-" }), planField("archive_line", W.archive_line, {})]),
    ]);
    var right = h("td", { class: "paper-sign" }, [
      h("div", { class: "sig-line" }, [planField("sign_authority", W.sign_authority, { choices: C.authority, wrap: "w-auth" }),
        planField("sign_on_behalf_of", W.sign_on_behalf_of, { cls: "fw-bold text-center" })]),
      h("div", { class: "sig-line" }, [planField("sign_deputy_authority", W.sign_deputy_authority, { choices: C.authority, wrap: "w-auth" }),
        planField("sign_deputy_of", W.sign_deputy_of, { cls: "fw-bold text-center" })]),
      planField("sign_position", W.sign_position, { cls: "fw-bold text-center" }),
      h("div", { class: "paper-sign-space" }),
      planField("signer_name", W.signer_name, { cls: "fw-bold text-center" }),
    ]);
    return h("table", { class: "paper-foot", role: "presentation" }, [h("tbody", {}, [h("tr", {}, [left, right])])]);
  }

  function render(focus) {
    var active = focus || activePosition();
    anchorsDrawn = {};
    if (!state.lists.body.length) state.lists.body.push(newNode("body", { level: "section" }));
    state.lists.body = normalize(state.lists.body);
    var frag = document.createDocumentFragment();
    frag.appendChild(drawHeader());
    frag.appendChild(h("div", { class: "blk blk-bases i" }, [drawList("bases")]));
    frag.appendChild(h("div", { class: "blk blk-preamble" }, [drawList("preamble")]));
    frag.appendChild(h("div", { class: "blk blk-body" }, [drawList("body")]));
    frag.appendChild(h("div", { class: "blk blk-closing" }, [drawList("closing")]));
    frag.appendChild(drawFooter());
    doc.replaceChildren(frag);
    var rest = [];
    var missing = [["people_chair", "chairs"], ["people_secretary", "secretaries"], ["sessions", "sessions"],
      ["groups_invited", "invited"], ["groups_participants", "participants"], ["agenda", "agenda"]]
      .filter(function (pair) { return !anchorsDrawn[pair[1]]; });
    if (missing.length) {
      rest.push(h("h2", { class: "h6", id: "h-unplaced", text: W.no_list }));
      rest.push(h("p", { class: "small text-body-secondary", text: W.list_hint }));
      missing.forEach(function (pair) {
        rest.push(h("section", { class: "unplaced", "aria-label": label(C.item_kind, pair[1]) }, [
          h("div", { class: "anchor-title", text: label(C.item_kind, pair[1]) }),
          pair[0] === "sessions" ? drawSessions() : drawList(pair[0]),
        ]));
      });
    }
    rest.push(drawRules());
    extra.replaceChildren.apply(extra, rest);
    doc.querySelectorAll("textarea.grow").forEach(fit);
    extra.querySelectorAll("textarea.grow").forEach(fit);
    if (active) restoreFocus(active);
    syncTools();
  }

  // A narrower window wraps the text on more lines: measure every field again.
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { document.querySelectorAll("textarea.grow").forEach(fit); }, 100);
  });

  function fit(textarea) {
    textarea.style.height = "auto";
    textarea.style.height = textarea.scrollHeight + 2 + "px";
  }

  function activePosition() {
    var el = document.activeElement;
    if (!el || !el.dataset || !el.dataset.key) return null;
    return { key: el.dataset.key, field: el.dataset.field, start: el.selectionStart, end: el.selectionEnd };
  }

  function restoreFocus(pos) {
    var el = document.querySelector('[data-key="' + pos.key + '"][data-field="' + (pos.field || "text") + '"]');
    if (!el) return;
    el.focus();
    if (typeof pos.start === "number" && el.setSelectionRange) {
      try { el.setSelectionRange(pos.start, pos.end === undefined ? pos.start : pos.end); } catch (e) { /* number inputs */ }
    }
  }

  // --- finding nodes ------------------------------------------------------------------------

  function find(key) {
    var lists = state.lists;
    for (var name in lists) {
      for (var i = 0; i < lists[name].length; i++) if (lists[name][i].key === key) return { list: name, index: i, node: lists[name][i] };
    }
    var cards = { sessions: state.sessions, rules: state.rules };
    for (var c in cards) {
      for (var j = 0; j < cards[c].length; j++) if (cards[c][j].key === key) return { list: c, index: j, node: cards[c][j] };
    }
    return null;
  }

  // --- editing ------------------------------------------------------------------------------

  function changed() {
    dirty = true;
    changeSeq += 1;
    keepDraft();
    scheduleSave();
  }

  function setText(node, el) {
    node.text = el.value;
  }

  doc.addEventListener("input", onInput);
  extra.addEventListener("input", onInput);
  doc.addEventListener("change", onInput);
  extra.addEventListener("change", onInput);

  function onInput(event) {
    var el = event.target;
    var key = el.dataset.key;
    var field = el.dataset.field;
    if (!key || !field) return;
    // Text fields report every change on "input"; their "change" (fired on blur, also when
    // a redraw removes the field) would only save the same text again.
    if (event.type === "change" && (el.tagName === "TEXTAREA" || el.type === "text")) return;
    if (el.tagName === "TEXTAREA") fit(el);
    if (errors[key] && errors[key][field]) {
      delete errors[key][field];
      el.classList.remove("is-invalid");
      var msg = document.getElementById("err-" + key + "-" + field);
      if (msg) msg.remove();
    }
    if (key === "plan") {
      state.plan[field] = el.value;
      changed();
      return;
    }
    var found = find(key);
    if (!found) return;
    var node = found.node;
    if (field === "text") {
      setText(node, el);
      // A marker typed at the start of a line is its style, not its text.
      if (el.selectionStart === el.selectionEnd && event.type === "input") {
        var m = parseMarker(el.value, false);
        if (m && el.value.length - m.text.length === el.selectionStart && applyMarker(found.list, node, m)) {
          node.text = m.text;
          changed();
          render({ key: key, field: "text", start: 0 });
          return;
        }
      }
    } else if (el.type === "number") {
      node[field] = el.value === "" ? null : el.value;
    } else {
      node[field] = el.value;
      if (found.list === "sessions" && field === "window") redrawSessionChoices();
    }
    changed();
  }

  function redrawSessionChoices() {
    document.querySelectorAll('select[data-field="session"]').forEach(function (sel) {
      Array.prototype.forEach.call(sel.options, function (opt) {
        var s = find(opt.value);
        if (s) opt.textContent = s.node.window || "…";
      });
    });
  }

  function applyMarker(list, node, m) {
    if (list === "body") {
      if (m.level === "section") {
        setLevel(node, "section");
        return true;
      }
      if (node.level === "part") {
        if (m.style === "numbered") { node.numbered = true; return true; }
        return false;
      }
      if (node.level === "item" && m.style) { node.style = m.style; return true; }
      return false;
    }
    if (STYLED[list] && m.style) { node.style = m.style; return true; }
    if (m.style === "dash" && list === "recipients") return true;
    return false;
  }

  function insertAfter(list, index, node) {
    state.lists[list].splice(index + 1, 0, node);
  }

  // The line Enter makes after a line: the same kind of line (after a heading, the level below).
  function nextLike(list, n) {
    if (list !== "body") {
      var proto = {};
      if (STYLED[list]) proto.style = n.style === "paragraph" ? "dash" : n.style;
      if (list.indexOf("groups") === 0) proto.session = n.session || "";
      return newNode(list, proto);
    }
    if (n.level === "section") return newNode(list, { level: "part" });
    if (n.level === "part") return newNode(list, { level: "item", style: "dash" });
    var style = n.style === "inline" ? "dash" : n.style;
    return newNode(list, { level: "item", style: style });
  }

  function onEnter(el, found) {
    var n = found.node;
    var list = found.list;
    if (list === "body" && !el.value && n.level !== "section" && (n.kind || "text") === "text") {
      outdent(found); // Enter on an empty line steps out, as in word processors' lists
      return;
    }
    var before = el.value.slice(0, el.selectionStart);
    var after = el.value.slice(el.selectionEnd);
    n.text = before;
    var next = nextLike(list, n);
    next.text = after;
    insertAfter(list, found.index, next);
    changed();
    render({ key: next.key, field: "text", start: 0 });
  }

  // A line that becomes another kind of row (item, part, section) is a new row: its old one is dropped.
  function setLevel(n, level) {
    if (n.level !== level) {
      n.level = level;
      n.id = null;
    }
  }

  function outdent(found) {
    var n = found.node;
    if (found.list !== "body") return;
    if (n.level === "item" && n.style === "plus") n.style = "dash";
    else if (n.level === "item") { setLevel(n, "part"); n.kind = "text"; n.numbered = true; n.heading_style = "line"; }
    else if (n.level === "part") setLevel(n, "section");
    else return;
    changed();
    render();
  }

  function indent(found) {
    var n = found.node;
    if (found.list !== "body") return;
    if (n.level === "section") { setLevel(n, "part"); n.numbered = true; n.kind = "text"; n.heading_style = "line"; }
    else if (n.level === "part") { setLevel(n, "item"); n.style = "dash"; n.kind = "text"; }
    else if (n.style !== "plus") n.style = "plus";
    else return;
    changed();
    render();
  }

  // Previous and next line fields in page order, for arrows and Backspace.
  function lineFields() {
    return Array.prototype.slice.call(document.querySelectorAll(".line textarea.t"));
  }

  function neighbour(el, step) {
    var all = lineFields();
    var i = all.indexOf(el);
    return all[i + step] || null;
  }

  function removeNode(found, focusEl, atEnd) {
    state.lists[found.list].splice(found.index, 1);
    if (errors[found.node.key]) delete errors[found.node.key];
    changed();
    var pos = null;
    if (focusEl) pos = { key: focusEl.dataset.key, field: "text", start: atEnd ? focusEl.value.length : 0 };
    render(pos || { key: "none" });
  }

  function onBackspace(event, el, found) {
    if (el.selectionStart !== 0 || el.selectionEnd !== 0) return;
    var prev = neighbour(el, -1);
    var prevFound = prev && find(prev.dataset.key);
    if (!el.value) {
      if (state.lists[found.list].length === 1 && found.list !== "body") return;
      if (found.list === "body" && state.lists.body.length === 1) return;
      event.preventDefault();
      removeNode(found, prev, true);
      return;
    }
    // Join with the line above when it is a line of the same list.
    if (prevFound && prevFound.list === found.list && (found.list !== "body" || prevFound.node.level === found.node.level)) {
      event.preventDefault();
      var at = prevFound.node.text.length;
      prevFound.node.text += found.node.text;
      state.lists[found.list].splice(found.index, 1);
      changed();
      render({ key: prevFound.node.key, field: "text", start: at });
    }
  }

  function subtree(body, i) {
    var r = rank(body[i]);
    var j = i + 1;
    while (j < body.length && rank(body[j]) > r) j++;
    return j;
  }

  function move(found, dir) {
    var list = state.lists[found.list];
    var i = found.index;
    if (found.list !== "body" || list[i].level === "item") {
      // A line moves alone, past the next line of its list (in the body: the next item of its part).
      var k = i + dir;
      if (found.list === "body" && (!list[k] || list[k].level !== "item")) return;
      if (k < 0 || k >= list.length) return;
      list.splice(k, 0, list.splice(i, 1)[0]);
    } else {
      var r = rank(list[i]);
      var end = subtree(list, i);
      if (dir < 0) {
        var p = i - 1;
        while (p >= 0 && rank(list[p]) > r) p--;
        if (p < 0 || rank(list[p]) !== r) return;
        var block = list.splice(i, end - i);
        Array.prototype.splice.apply(list, [p, 0].concat(block));
      } else {
        if (end >= list.length || rank(list[end]) !== r) return;
        var nextEnd = subtree(list, end);
        var mine = list.splice(i, end - i);
        Array.prototype.splice.apply(list, [nextEnd - mine.length, 0].concat(mine));
      }
    }
    changed();
    render({ key: found.node.key, field: "text", start: 0 });
  }

  // Several paragraphs pasted into a line become several lines, markers read as styles.
  function onPaste(event, el, found) {
    var text = (event.clipboardData || window.clipboardData).getData("text");
    var paras = pastedParagraphs(text);
    var single = paras.length === 1 && !/\n/.test(text.trim());
    if (paras.length === 0 || (single && el.value)) return;
    event.preventDefault();
    var list = found.list;
    var n = found.node;
    var before = el.value.slice(0, el.selectionStart);
    var after = el.value.slice(el.selectionEnd);
    var last = n;
    var index = found.index;
    paras.forEach(function (para, i) {
      var m = parseMarker(para, true);
      var body = m ? m.text : para;
      var node;
      if (i === 0 && !before) {
        node = n;
        if (m) applyPasted(list, node, m);
        else if (list === "body" && node.level === "item" && paras.length > 1) node.style = node.style || "paragraph";
        node.text = body;
      } else if (i === 0) {
        node = n;
        node.text = before + body;
      } else {
        node = nextLike(list, last);
        if (list === "body" && last.level === "section") node = newNode(list, { level: "item", style: "paragraph" });
        if (m) applyPasted(list, node, m);
        else if (list === "body") { setLevel(node, "item"); node.kind = "text"; node.style = "paragraph"; }
        else if (STYLED[list]) node.style = "paragraph";
        node.text = body;
        index += 1;
        state.lists[list].splice(index, 0, node);
      }
      last = node;
    });
    var caret = last.text.length;
    last.text += after;
    changed();
    render({ key: last.key, field: "text", start: caret });
  }

  function applyPasted(list, node, m) {
    if (list === "body") {
      if (m.level === "section") { setLevel(node, "section"); return; }
      if (m.level === "part") {
        if (node.level !== "part") { node.kind = "text"; node.heading_style = "line"; }
        setLevel(node, "part");
        node.numbered = true;
        return;
      }
      if (node.level !== "item") node.kind = "text";
      setLevel(node, "item");
      node.style = m.style;
      return;
    }
    if (STYLED[list] && m.style) node.style = m.style;
  }

  var tabFree = false; // after Esc, Tab leaves the line instead of indenting it

  function onKeydown(event) {
    var el = event.target;
    if (event.key === "F10" && event.altKey) {
      event.preventDefault();
      var first = document.querySelector("#line-tools select:not([disabled]), #line-tools button:not([disabled])");
      if (first) first.focus();
      return;
    }
    if (!el.classList || !el.classList.contains("t")) return;
    var found = find(el.dataset.key);
    if (!found) return;
    if (event.key === "Escape") { tabFree = true; return; }
    if (event.key === "Tab") {
      if (tabFree || found.list !== "body") { tabFree = false; return; }
      event.preventDefault();
      if (event.shiftKey) outdent(found); else indent(found);
      return;
    }
    tabFree = false;
    if (event.isComposing) return;
    if (event.key === "Enter" && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      onEnter(el, found);
    } else if (event.key === "Backspace" && !event.altKey) {
      onBackspace(event, el, found);
    } else if ((event.key === "ArrowUp" || event.key === "ArrowDown") && event.altKey) {
      event.preventDefault();
      move(found, event.key === "ArrowUp" ? -1 : 1);
    } else if (event.key === "ArrowUp" && el.selectionStart === 0 && el.selectionEnd === 0) {
      var prev = neighbour(el, -1);
      if (prev) { event.preventDefault(); prev.focus(); prev.setSelectionRange(prev.value.length, prev.value.length); }
    } else if (event.key === "ArrowDown" && el.selectionStart === el.value.length) {
      var next = neighbour(el, 1);
      if (next) { event.preventDefault(); next.focus(); next.setSelectionRange(0, 0); }
    }
  }

  document.addEventListener("keydown", onKeydown);
  doc.addEventListener("paste", function (event) {
    var el = event.target;
    if (!el.classList.contains("t")) return;
    var found = find(el.dataset.key);
    if (found) onPaste(event, el, found);
  });
  extra.addEventListener("paste", function (event) {
    var el = event.target;
    if (!el.classList.contains("t")) return;
    var found = find(el.dataset.key);
    if (found) onPaste(event, el, found);
  });

  document.addEventListener("focusin", function (event) {
    var el = event.target;
    if (el.classList && el.classList.contains("t")) {
      current = { key: el.dataset.key };
      document.querySelectorAll(".line.is-current").forEach(function (l) { l.classList.remove("is-current"); });
      var line = el.closest(".line");
      if (line) line.classList.add("is-current");
      syncTools();
    }
  });

  // --- records: sessions and rules ------------------------------------------------------------

  function onClick(event) {
    var add = event.target.closest("[data-add]");
    if (add) {
      var kind = add.dataset.add;
      var node = kind === "sessions"
        ? { key: newKey(), window: "", planned_date: "", venue: "", audience: "", expected_attendance: null, wording: "" }
        : { key: newKey(), code: "", name: "", anchor: "conference", days: 0, direction: "after", day_type: "calendar", responsible_text: "" };
      state[kind].push(node);
      changed();
      render({ key: node.key, field: kind === "sessions" ? "window" : "code" });
      return;
    }
    var remove = event.target.closest("[data-remove]");
    if (remove) {
      var found = find(remove.dataset.key);
      if (!found) return;
      state[found.list].splice(found.index, 1);
      if (found.list === "sessions") {
        ["groups_invited", "groups_participants"].forEach(function (l) {
          state.lists[l].forEach(function (g) { if (g.session === found.node.key) g.session = ""; });
        });
      }
      changed();
      render();
    }
  }
  doc.addEventListener("click", onClick);
  extra.addEventListener("click", onClick);

  // --- the toolbar ---------------------------------------------------------------------------

  var tools = document.getElementById("line-tools");
  var toolEls = {
    kind: document.getElementById("tool-kind"),
    style: document.getElementById("tool-style"),
    part_kind: document.getElementById("tool-part-kind"),
    heading_style: document.getElementById("tool-heading-style"),
    organization: document.getElementById("tool-office"),
    numbered: document.getElementById("tool-numbered"),
  };
  function fillSelect(el, options) {
    options.forEach(function (o) { el.appendChild(h("option", { value: o[0], text: o[1] })); });
  }
  fillSelect(toolEls.kind, C.item_kind);
  fillSelect(toolEls.style, C.style);
  fillSelect(toolEls.part_kind, C.part_kind);
  fillSelect(toolEls.heading_style, C.heading_style);
  fillSelect(toolEls.organization, [["", W.no_office]].concat(C.offices));

  function currentFound() {
    return current ? find(current.key) : null;
  }

  function syncTools() {
    var found = currentFound();
    var n = found && found.node;
    var body = found && found.list === "body";
    var item = body && n.level === "item";
    var part = body && n.level === "part";
    var styled = item || (found && STYLED[found.list]);
    toolEls.kind.disabled = !item;
    toolEls.style.disabled = !styled;
    [toolEls.part_kind, toolEls.heading_style, toolEls.organization, toolEls.numbered].forEach(function (el) { el.disabled = !part; });
    if (item) toolEls.kind.value = n.kind || "text";
    if (styled) toolEls.style.value = n.style || "dash";
    if (part) {
      toolEls.part_kind.value = n.kind || "text";
      toolEls.heading_style.value = n.heading_style || "line";
      toolEls.organization.value = n.organization || "";
      toolEls.numbered.checked = n.numbered !== false;
    }
    tools.querySelectorAll("[data-action]").forEach(function (b) {
      var a = b.dataset.action;
      b.disabled = !found || ((a === "indent" || a === "outdent" || a === "clear-part" || a === "clear-section") && !body);
    });
  }

  tools.addEventListener("change", function (event) {
    var tool = event.target.dataset.tool;
    var found = currentFound();
    if (!tool || !found) return;
    var n = found.node;
    var value = event.target.type === "checkbox" ? event.target.checked : event.target.value;
    if (tool === "part_kind") n.kind = value;
    else if (tool === "organization") n.organization = value ? parseInt(value, 10) : null;
    else n[tool] = value;
    changed();
    render({ key: "none" });
    event.target.focus();
  });

  function clearRange(found, level) {
    var body = state.lists.body;
    var i = found.index;
    while (i >= 0 && body[i].level !== level) i--;
    if (i < 0) return;
    var end = subtree(body, i);
    if (end === i + 1) return;
    var message = level === "part" ? W.confirm_part : W.confirm_section;
    if (!window.confirm(message)) return;
    body.splice(i + 1, end - i - 1);
    changed();
    render({ key: body[i].key, field: "text", start: 0 });
  }

  tools.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    var found = currentFound();
    if (!button || !found) return;
    var action = button.dataset.action;
    if (action === "indent") indent(found);
    else if (action === "outdent") outdent(found);
    else if (action === "up" || action === "down") move(found, action === "up" ? -1 : 1);
    else if (action === "delete") {
      if (state.lists[found.list] && state.lists[found.list].length > 1) removeNode(found, null);
    } else if (action === "clear-part") clearRange(found, "part");
    else if (action === "clear-section") clearRange(found, "section");
    button.focus();
  });
  tools.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) {
      event.preventDefault();
      var line = document.getElementById("f-" + current.key + "-text");
      if (line) {
        line.focus();
        line.setSelectionRange(line.value.length, line.value.length);
      }
    }
  });

  // --- saving --------------------------------------------------------------------------------

  var dirty = false;
  var changeSeq = 0;
  var inFlight = false;
  var pending = false;
  var timer = null;
  var firstUnsaved = 0;
  var retryTimer = null;
  var DEBOUNCE = 1000;
  var MAX_WAIT = 10000; // while someone types without a pause, still save every ten seconds

  function setStatus(text, tone) {
    statusEl.textContent = text;
    statusEl.className = "ms-auto small save-status" + (tone ? " text-" + tone : "");
  }

  function keepDraft() {
    try {
      localStorage.setItem(DRAFT_KEY, JSON.stringify({ base: state.version, state: state, at: Date.now() }));
    } catch (e) { /* private mode or full: the page still saves, it only cannot keep a copy */ }
  }

  function dropDraft() {
    try { localStorage.removeItem(DRAFT_KEY); } catch (e) { /* see keepDraft */ }
  }

  function scheduleSave() {
    setStatus(W.unsaved, "warning-emphasis");
    var now = Date.now();
    if (!firstUnsaved) firstUnsaved = now;
    clearTimeout(timer);
    var wait = Math.max(0, Math.min(DEBOUNCE, firstUnsaved + MAX_WAIT - now));
    timer = setTimeout(save, wait);
  }

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("data-hx-headers") || document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function save() {
    clearTimeout(timer);
    clearTimeout(retryTimer);
    if (inFlight) { pending = true; return; }
    if (!dirty) return;
    inFlight = true;
    firstUnsaved = 0;
    var sentSeq = changeSeq;
    var payload = toOutline(state);
    setStatus(W.saving, "secondary");
    fetch(SAVE_URL, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(payload),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      inFlight = false;
      var data = result.data;
      if (result.status === 200) {
        state.version = data.version;
        Object.keys(data.created || {}).forEach(function (key) {
          var f = find(key);
          if (f) f.node.id = data.created[key];
        });
        var hadErrors = Object.keys(errors).length > 0;
        errors = {};
        if (sentSeq === changeSeq) {
          dirty = false;
          dropDraft();
          setStatus(W.saved_at.replace("%(time)s", data.saved_at), "success");
        } else {
          keepDraft();
        }
        if (hadErrors) render();
      } else if (result.status === 400 && data.errors) {
        errors = data.errors;
        setStatus(W.invalid, "danger");
        render();
      } else if (result.status === 409) {
        showConflict(data.message || W.conflict, data.version);
        setStatus(W.retry, "danger");
      } else if (result.status === 403) {
        setStatus(data.message || W.refused, "danger");
      } else {
        throw new Error("save failed");
      }
      if (pending || (dirty && sentSeq !== changeSeq)) { pending = false; scheduleSave(); }
    }).catch(function () {
      inFlight = false;
      setStatus(W.retry, "danger");
      retryTimer = setTimeout(save, 5000);
    });
  }

  var conflictBox = document.getElementById("editor-conflict");
  var conflictVersion = null;
  function showConflict(message, version) {
    conflictVersion = version;
    document.getElementById("editor-conflict-text").textContent = message;
    conflictBox.hidden = false;
  }
  conflictBox.addEventListener("click", function (event) {
    var action = event.target.dataset.action;
    if (action === "keep-mine") {
      state.version = conflictVersion;
      conflictBox.hidden = true;
      dirty = true;
      keepDraft();
      save();
    } else if (action === "take-theirs") {
      dropDraft();
      window.location.reload();
    }
  });

  // A draft left by a reload or a failed save comes back; based on an older version it asks first.
  (function restore() {
    var draft = null;
    try { draft = JSON.parse(localStorage.getItem(DRAFT_KEY)); } catch (e) { draft = null; }
    if (!draft || !draft.state) return;
    var serverVersion = state.version;
    state = draft.state;
    dirty = true;
    if (draft.base === serverVersion) {
      setStatus(W.restored, "warning-emphasis");
      setTimeout(save, 0);
    } else {
      showConflict(W.draft_conflict, serverVersion);
    }
  })();

  render({ key: "none" });
  if (!statusEl.textContent) setStatus("", "");
  window.planEditor = { save: save, state: function () { return state; }, isDirty: function () { return dirty || inFlight; } };
})();
