// The SPARQL editor of /query: YASQE (from YASGUI) over the server-rendered form.
// The form works without this file. With it: syntax colouring and checking, completions from
// this server's /api/complete only (never prefix.cc or LOV), and Ctrl+Enter posts the form and
// swaps in the answer the server rendered, the same table as without JavaScript.
(function () {
  "use strict";

  var shown = {};  // inserted text -> what the completion list shows beside it

  function complete(kind, q) {
    var args = new URLSearchParams({ kind: kind, q: q, limit: "100" });
    return fetch("/api/complete?" + args.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .catch(function () { return []; });
  }

  // A prefixed name when the query declares its prefix as the ontology does, else the full IRI.
  function insertion(yasqe, term, prefixes) {
    if (term.prefixed) {
      var prefix = term.prefixed.split(":")[0];
      if (yasqe.getPrefixesFromQuery()[prefix] === prefixes[prefix]) return term.prefixed;
    }
    return "<" + term.iri + ">";
  }

  function render(el, self, data) {
    el.appendChild(document.createTextNode(data.text));
    if (shown[data.text]) {
      var label = document.createElement("span");
      label.className = "CodeMirror-hint-label";
      label.textContent = shown[data.text];
      el.appendChild(label);
    }
  }

  function isVariable(token) {
    return token.string[0] === "?" || token.string[0] === "$";
  }

  // Complete from the cursor back to the token's start; a blank token (after "?s a ") inserts at the cursor.
  function tokenToCursor(yasqe, token) {
    var cursor = yasqe.getDoc().getCursor();
    if (token.type === "ws" || !token.string.trim()) {
      token.string = "";
      token.from = { line: cursor.line, ch: cursor.ch };
    }
    token.to = { line: cursor.line, ch: cursor.ch };
    return token;
  }

  function completer(name, kind, isValid, query, describe, prefixes) {
    return {
      name: name,
      bulk: false,
      autoShow: kind !== "property",
      persistenceId: null,
      isValidCompletionPosition: isValid,
      preProcessToken: tokenToCursor,
      get: function (yasqe, token) {
        return complete(kind, query(token)).then(function (terms) {
          return terms.map(function (t) {
            var text = kind === "entity" ? "<" + t.iri + ">" : insertion(yasqe, t, prefixes);
            shown[text] = describe(t);
            return text;
          });
        });
      },
      postprocessHints: function (yasqe, hints) {
        hints.forEach(function (h) { h.render = render; });
        return hints;
      },
    };
  }

  function register(Yasqe, prefixes) {
    var afterType = function (yasqe) {
      var token = yasqe.getCompleteToken();
      if (isVariable(token) || /^["']/.test(token.string)) return false;
      var previous = yasqe.getPreviousNonWsToken(yasqe.getDoc().getCursor().line, token);
      var last = previous && previous.state && previous.state.lastProperty;
      return last === "a" || last === "rdf:type";
    };
    var atProperty = function (yasqe) {
      var token = yasqe.getCompleteToken();
      if (!token.string.trim() || isVariable(token) || /^["'<]/.test(token.string)) return false;
      return token.state.possibleCurrent.indexOf("a") >= 0 && !afterType(yasqe);
    };
    var inQuotes = function (yasqe) {
      return /^["']/.test(yasqe.getCompleteToken().string);
    };
    var plain = function (token) { return token.string.trim(); };
    var unquoted = function (token) { return token.string.replace(/^["']+|["']+$/g, "").trim(); };
    var vocab = function (t) { return t.label || ""; };
    var entity = function (t) {
      return t.label + (t.matched && t.matched !== t.label ? " (" + t.matched + ")" : "") + (t.qid ? " · " + t.qid : "");
    };
    Yasqe.registerAutocompleter(completer("kg-class", "class", afterType, plain, vocab, prefixes), false);
    Yasqe.registerAutocompleter(completer("kg-property", "property", atProperty, plain, vocab, prefixes), false);
    Yasqe.registerAutocompleter(completer("kg-entity", "entity", inQuotes, unquoted, entity, prefixes), false);
    // After PREFIX: the ontology's prefixes (YASQE's own list is a snapshot of prefix.cc).
    Yasqe.registerAutocompleter({
      name: "kg-prefix",
      bulk: true,
      autoShow: true,
      persistenceId: null,
      get: Object.keys(prefixes).map(function (p) { return p + ": <" + prefixes[p] + ">"; }),
      isValidCompletionPosition: function (yasqe) {
        var cursor = yasqe.getDoc().getCursor();
        var token = yasqe.getCompleteToken();
        if (yasqe.getDoc().getLine(cursor.line).length > cursor.ch) return false;
        var previous = yasqe.getPreviousNonWsToken(cursor.line, token);
        return !!previous && previous.string.toUpperCase() === "PREFIX";
      },
    }, false);
    // Only these: the defaults include completers that ask LOV and prefix.cc.
    Yasqe.defaults.autocompleters = ["variables", "kg-prefix", "kg-class", "kg-property", "kg-entity"];
  }

  function markError(yasqe, region) {
    var error = region.querySelector("#query-error[data-line]");
    if (!error) return;
    var line = parseInt(error.getAttribute("data-line"), 10) - 1;
    var ch = parseInt(error.getAttribute("data-column"), 10) - 1;
    yasqe.addLineClass(line, "background", "error-line");
    yasqe.getDoc().setCursor({ line: line, ch: ch });
  }

  function start() {
    var form = document.getElementById("query-form");
    var textarea = document.getElementById("query");
    if (!form || !textarea || !window.Yasqe) return;
    var Yasqe = window.Yasqe;
    var prefixes = JSON.parse(form.getAttribute("data-prefixes"));
    register(Yasqe, prefixes);

    var holder = document.createElement("div");
    holder.setAttribute("data-js", "");
    textarea.parentNode.insertBefore(holder, textarea);
    textarea.hidden = true;
    document.querySelector("label[for=query]").id = "query-label";

    // Says what Ctrl+Enter brought (rows or the error) to screen readers, which stay in the editor.
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("data-js", "");
    form.appendChild(status);

    var yasqe;
    function run() {
      textarea.value = yasqe.getValue();
      var region = document.getElementById("answer-region");
      region.setAttribute("aria-busy", "true");
      yasqe.getDoc().eachLine(function (line) { yasqe.removeLineClass(line, "background", "error-line"); });
      var body = new URLSearchParams(new FormData(form));
      return fetch("/query", { method: "POST", body: body, headers: { Accept: "text/html" } })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          if (!page.getElementById("answer-region")) {  // an error page of its own (413: too large)
            var main = page.querySelector("main");
            throw new Error(main ? main.textContent.trim() : "the server answered " + html.slice(0, 200));
          }
          ["answer-region", "snippets"].forEach(function (id) {
            document.getElementById(id).replaceWith(document.adoptNode(page.getElementById(id)));
          });
          region = document.getElementById("answer-region");
          markError(yasqe, region);
          var said = region.querySelector("h2, .error");
          status.textContent = said ? said.textContent : "";
        })
        .catch(function (err) {
          region.innerHTML = "";
          var p = document.createElement("p");
          p.className = "error";
          p.setAttribute("role", "alert");
          p.textContent = err.message || String(err);
          region.appendChild(p);
        })
        .finally(function () { document.getElementById("answer-region").removeAttribute("aria-busy"); });
    }

    yasqe = new Yasqe(holder, {
      value: textarea.value,
      persistenceId: null,
      consumeShareLink: null,
      createShareableLink: null,
      showQueryButton: false,
      resizeable: false,
      editorHeight: "22rem",
      screenReaderLabel: "SPARQL query",
      inputStyle: "contenteditable",  // the editable text is in the page, for screen readers and axe
      requestConfig: { endpoint: "/sparql", method: "POST" },
      extraKeys: { "Ctrl-Enter": run, "Cmd-Enter": run },
    });
    yasqe.getInputField().setAttribute("aria-labelledby", "query-label");
    window.kgEditor = yasqe;
    markError(yasqe, document.getElementById("answer-region"));

    form.addEventListener("submit", function (event) {
      textarea.value = yasqe.getValue();
      if (event.submitter && event.submitter.id === "run") {
        event.preventDefault();
        run();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
