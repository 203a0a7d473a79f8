/* rewriter — progressive enhancement only: every feature works without this file.
   No inline script anywhere (CSP script-src 'self'). */
(function () {
  "use strict";

  /* ---------- upload: drag and drop, size check, busy state ---------- */
  function initUpload(form) {
    var input = form.querySelector('input[type="file"]');
    var zone = form.querySelector(".dropzone");
    var status = form.querySelector(".file-status");
    var busy = form.querySelector(".busy");
    var button = form.querySelector('button[type="submit"]');
    var maxBytes = parseInt(form.getAttribute("data-max-bytes") || "0", 10);

    function showFile() {
      if (!status) return;
      var f = input.files && input.files[0];
      if (!f) { status.textContent = ""; return; }
      if (maxBytes && f.size > maxBytes) {
        status.textContent = form.getAttribute("data-too-big");
        input.setAttribute("aria-invalid", "true");
      } else {
        status.textContent = (form.getAttribute("data-chosen") || "{name}").replace("{name}", f.name);
        input.removeAttribute("aria-invalid");
      }
    }
    if (input) input.addEventListener("change", showFile);
    if (zone && input) {
      ["dragenter", "dragover"].forEach(function (ev) {
        zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("dragover"); });
      });
      ["dragleave", "dragend"].forEach(function (ev) {
        zone.addEventListener(ev, function () { zone.classList.remove("dragover"); });
      });
      zone.addEventListener("drop", function (e) {
        e.preventDefault();
        zone.classList.remove("dragover");
        if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length) {
          input.files = e.dataTransfer.files;
          showFile();
        }
      });
    }
    form.addEventListener("submit", function (e) {
      var f = input && input.files && input.files[0];
      if (f && maxBytes && f.size > maxBytes) {
        e.preventDefault();
        showFile();
        input.focus();
        return;
      }
      form.setAttribute("aria-busy", "true");
      if (busy) { busy.classList.add("on"); busy.textContent = form.getAttribute("data-busy") || ""; }
      if (button) {
        // disable after the submission has started (a disabled button is not submitted)
        window.setTimeout(function () { button.disabled = true; }, 0);
      }
    });
    // back/forward cache: do not come back to a frozen "busy" form
    window.addEventListener("pageshow", function () {
      form.removeAttribute("aria-busy");
      if (button) button.disabled = false;
      if (busy) { busy.classList.remove("on"); busy.textContent = ""; }
    });
  }

  /* ---------- report: category filter without reloading ---------- */
  function initFilter(form) {
    var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="cat"]'));
    function apply() {
      var on = {};
      boxes.forEach(function (b) { on[b.value] = b.checked; });
      document.querySelectorAll("[data-cat]").forEach(function (el) {
        if (el.tagName === "INPUT") return;
        el.hidden = !on[el.getAttribute("data-cat")];
      });
      document.querySelectorAll("mark.hl").forEach(function (m) {
        var cats = (m.getAttribute("data-cats") || "").split(" ").filter(Boolean);
        var scats = (m.getAttribute("data-scats") || "").split(" ").filter(Boolean);
        var first = cats.filter(function (c) { return on[c]; })[0];
        m.className = "hl" + (first ? " cat-" + first : "") +
          (scats.some(function (c) { return on[c]; }) ? " ls" : "") + (first ? "" : " off");
      });
      var url = new URL(window.location.href);
      url.searchParams.delete("cat");
      url.searchParams.delete("f");
      if (boxes.some(function (b) { return !b.checked; })) {
        url.searchParams.set("f", "1");
        boxes.forEach(function (b) { if (b.checked) url.searchParams.append("cat", b.value); });
      }
      window.history.replaceState(null, "", url.toString());
      // keep the no-JS decision forms in step with the filter
      document.querySelectorAll("form.decide, form.decide-all").forEach(function (f) {
        f.querySelectorAll('input[name="cat"], input[name="f"]').forEach(function (i) { i.remove(); });
        if (url.searchParams.get("f")) {
          addHidden(f, "f", "1");
          url.searchParams.getAll("cat").forEach(function (c) { addHidden(f, "cat", c); });
        }
      });
    }
    boxes.forEach(function (b) { b.addEventListener("change", apply); });
    var button = form.querySelector('button[type="submit"]');
    if (button) button.hidden = true;   // the checkboxes act at once
  }

  function addHidden(form, name, value) {
    var i = document.createElement("input");
    i.type = "hidden"; i.name = name; i.value = value;
    form.appendChild(i);
  }

  /* ---------- report: accept / refuse with fetch() ---------- */
  function updateDecisions(data) {
    var decisions = data.decisions || {};
    document.querySelectorAll("li.finding[data-key]").forEach(function (li) {
      var st = decisions[li.getAttribute("data-key")] || "pending";
      li.classList.remove("st-pending", "st-accepted", "st-refused");
      li.classList.add("st-" + st);
      li.querySelectorAll(".btn-accept, .btn-refuse").forEach(function (b) {
        b.classList.toggle("chosen", (b.value === st));
      });
    });
    document.querySelectorAll("a.marker[data-key]").forEach(function (a) {
      var st = decisions[a.getAttribute("data-key")] || "pending";
      a.classList.remove("st-pending", "st-accepted", "st-refused");
      a.classList.add("st-" + st);
    });
    var diff = document.getElementById("diff");
    if (diff && typeof data.diff_html === "string") diff.innerHTML = data.diff_html;  // server-rendered, escaped
    var count = document.getElementById("applied-count");
    if (count && data.applied_text) count.textContent = data.applied_text;
  }

  function initDecisions() {
    document.addEventListener("submit", function (e) {
      var form = e.target;
      if (!form.matches || !(form.matches("form.decide") || form.matches("form.decide-all"))) return;
      if (!window.fetch || !window.FormData) return;
      e.preventDefault();
      var submitter = e.submitter;
      var body = new FormData(form);
      if (submitter && submitter.name) body.append(submitter.name, submitter.value);
      form.setAttribute("aria-busy", "true");
      fetch(form.action, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).then(function (data) {
        updateDecisions(data);
        if (data.key) {
          var li = form.closest("li.finding");
          var st = li && li.querySelector(".status-text");
          if (st && data.label) st.textContent = data.label;
        } else {
          document.querySelectorAll("li.finding").forEach(function (li) {
            var st = li.querySelector(".status-text");
            var key = li.getAttribute("data-key");
            if (st && data.labels && data.labels[key]) st.textContent = data.labels[key];
          });
        }
      }).catch(function () {
        if (submitter && submitter.name) addHidden(form, submitter.name, submitter.value);
        form.submit();   // fall back to the plain form (full page)
      }).finally(function () {
        form.removeAttribute("aria-busy");
      });
    });
  }

  /* ---------- « Essayer » : results while typing ---------- */
  function initTry(form) {
    var area = form.querySelector("textarea");
    var out = document.getElementById("try-result");
    var live = document.getElementById("try-live-hint");
    if (!area || !out || !window.fetch || !window.FormData) return;
    if (live) live.hidden = false;
    var timer = null, seq = 0;
    function send(fromSubmit) {
      var mine = ++seq;
      if (!area.value.trim()) {
        if (fromSubmit === true) form.submit();    // the server says what is missing
        return;
      }
      form.setAttribute("aria-busy", "true");
      fetch(form.action, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (r) { return r.json(); }).then(function (data) {
        if (mine !== seq || typeof data.html !== "string") return;
        out.innerHTML = data.html;   // server-rendered, escaped by Jinja
      }).catch(function () {
        if (fromSubmit === true) form.submit();   // fall back to the plain form
      })
        .finally(function () { if (mine === seq) form.removeAttribute("aria-busy"); });
    }
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(send, 350);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      window.clearTimeout(timer);
      send(true);
    });
    var lang = form.querySelector("select");
    if (lang) lang.addEventListener("change", function () { send(false); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var tryForm = document.getElementById("try-form");
    if (tryForm) initTry(tryForm);
    document.querySelectorAll("form.upload-form").forEach(initUpload);
    var filter = document.getElementById("filter");
    if (filter) initFilter(filter);
    initDecisions();
    var err = document.getElementById("erreur");
    if (err) err.focus();
  });
})();
