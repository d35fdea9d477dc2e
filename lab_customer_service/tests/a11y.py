"""Accessibility checks of the lab's pages in Chromium (issue 21, R-PT-01, R-CM-04).

* ``assertAccessible``: axe-core runs on the page as the browser lays it out, with the WCAG
  2.0/2.1 A and AA rules and the target size rule (WCAG 2.5.8); any serious or critical
  violation fails the test and names the rule and the elements.
* ``assertKeyboardUsable``: every link, button and field can be reached with the keyboard and
  shows where the focus is.
* ``assertFitsPhone``: on a 390 × 844 screen no table is wider than its box and no cell lies
  right of the screen, so that no column is hidden without a hint.

axe-core is not part of the repository: ``.ci/run`` installs it from npm into
``/opt/lab-axe`` (or ``$LAB_AXE_DIR``); ``$LAB_AXE_CORE_JS`` names another copy. Without it
the checks are skipped, except in CI (``$CI`` set), where they fail.
"""

import json
import os
import unittest
from pathlib import Path

AXE_ENV = "LAB_AXE_CORE_JS"
AXE_DEFAULT_DIR = "/opt/lab-axe"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE_SIZE = "390x844"

_LOADED = """
await new Promise((resolve) => {
    if (document.readyState === "complete") { resolve(); }
    else { window.addEventListener("load", resolve); }
});
// Let the page's own scripts (Owl components, e.g. the signature pad) render.
await new Promise((resolve) => setTimeout(resolve, 500));
"""

# Posts the page's form (with some of its fields changed) and shows the answer in place of
# the page, as a browser would after the customer pressed the form's button: the checks then
# run on the page the server answers, e.g. with its error messages.
_SUBMITTED = """
%(loaded)s
{
    const form = document.querySelector(%(form)s);
    if (!form) { throw new Error("no form " + %(form)s + " on " + location.pathname); }
    const data = new FormData(form);
    for (const [key, value] of Object.entries(%(data)s)) {
        data.delete(key);
        for (const item of [].concat(value)) { data.append(key, item); }
    }
    // (a field named "action" hides the form's action property)
    const action = new URL(form.getAttribute("action") || location.href, location.href);
    const response = await fetch(action, {method: "POST", body: data});
    const html = await response.text();
    // Scripts of a parsed document do not run: the answer is shown as the server wrote it.
    const answer = new DOMParser().parseFromString(html, "text/html");
    if (!response.ok || !answer.querySelector(%(expect)s)) {
        throw new Error(`${action.pathname} answered ${response.status} "${answer.title}" ` +
            `without ${%(expect)s}: ${answer.body.innerText.slice(0, 300)}`);
    }
    document.body.replaceWith(document.adoptNode(answer.body));
    document.title = answer.title;
}
"""

_AXE_RUN = """
(async () => {
%(loaded)s
    const results = await axe.run(%(context)s, {
        runOnly: {type: "tag", values: %(tags)s},
        rules: {"target-size": {enabled: true}},
        resultTypes: ["violations"],
    });
    const bad = results.violations.filter((v) => ["serious", "critical"].includes(v.impact));
    if (bad.length) {
        const lines = bad.map((v) => `- ${v.impact} ${v.id} (${v.help}): ` +
            v.nodes.slice(0, 6).map((n) => n.target.join(" ")).join(" | "));
        console.error(`axe-core: ${bad.length} serious or critical violation(s) on ` +
            `${location.pathname}:\\n${lines.join("\\n")}`);
    } else {
        console.log("test successful");
    }
})();
"""

_PHONE_RUN = """
(async () => {
%(loaded)s
    const problems = [];
    const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        [...el.classList].slice(0, 3).map((c) => "." + c).join("");
    for (const table of document.querySelectorAll("main table")) {
        if (!table.getClientRects().length) { continue; }
        const box = table.parentElement;
        if (table.scrollWidth > box.clientWidth + 1) {
            problems.push(`${name(table)} is ${table.scrollWidth}px wide in a ` +
                `${box.clientWidth}px box`);
        }
        for (const cell of table.querySelectorAll("th, td")) {
            // Header cells kept for screen readers only (visually hidden) are no column.
            const head = cell.closest("thead");
            if (head && head.getBoundingClientRect().width <= 1) { continue; }
            const rect = cell.getBoundingClientRect();
            if (rect.width > 1 && cell.scrollWidth > cell.clientWidth + 1) {
                problems.push(`${name(table)}: "${cell.textContent.trim().slice(0, 30)}" is ` +
                    `cut: ${cell.scrollWidth}px of content in a ${cell.clientWidth}px cell`);
                break;
            }
            if (rect.width > 1 && rect.right > window.innerWidth + 1) {
                problems.push(`${name(table)}: "${cell.textContent.trim().slice(0, 30)}" ends ` +
                    `at ${Math.round(rect.right)}px, right of the ${window.innerWidth}px screen`);
                break;
            }
        }
    }
    if (document.documentElement.scrollWidth > window.innerWidth + 1) {
        problems.push(`the page is ${document.documentElement.scrollWidth}px wide`);
    }
    if (problems.length) {
        const where = `${location.pathname} at ${window.innerWidth}px`;
        console.error(`${where}:\\n- ` + problems.join("\\n- "));
    } else {
        console.log("test successful");
    }
})();
"""

_KEYBOARD_RUN = """
(async () => {
%(loaded)s
    const problems = [];
    const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        [...el.classList].slice(0, 3).map((c) => "." + c).join("") +
        ` "${(el.textContent || el.value || "").trim().slice(0, 30)}"`;
    const selector = "a[href], button, input:not([type=hidden]), select, textarea, [role=button]";
    const items = [...document.querySelectorAll(`main :is(${selector})`)].filter(
        (el) => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden");
    for (const el of items) {
        if (el.disabled) { continue; }
        if (el.tabIndex < 0) { problems.push(`${name(el)} is out of the tab order`); continue; }
        el.focus();
        if (document.activeElement !== el) {
            problems.push(`${name(el)} takes no focus`);
            continue;
        }
        const style = getComputedStyle(el);
        const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) ||
            style.boxShadow !== "none";
        if (!ring) { problems.push(`${name(el)} shows no focus`); }
    }
    if (!items.length) { problems.push("nothing to reach"); }
    if (problems.length) {
        console.error(`${location.pathname} with the keyboard:\\n- ` + problems.join("\\n- "));
    } else {
        console.log("test successful");
    }
})();
"""


def axe_core_path():
    explicit = os.environ.get(AXE_ENV)
    if explicit:
        return Path(explicit)
    base = Path(os.environ.get("LAB_AXE_DIR") or AXE_DEFAULT_DIR)
    return base / "node_modules" / "axe-core" / "axe.min.js"


def axe_core_source():
    """The axe-core script; skips the test without it, fails it in CI."""
    path = axe_core_path()
    if path.is_file():
        return path.read_text(encoding="utf-8")
    message = (
        f"axe-core is not installed ({path} is missing): run .ci/run, or "
        f"`npm install --prefix {AXE_DEFAULT_DIR} axe-core@4`, or set {AXE_ENV}"
    )
    if os.environ.get("CI"):
        raise AssertionError(message)
    raise unittest.SkipTest(message)


class AccessibilityMixin:
    """For an ``HttpCase``."""

    def _lab_browser_check(self, url, code, login):
        who = login or "the public"
        try:
            self.browser_js(url, code, login=login, timeout=120)
        except self.failureException as error:
            # The failure quotes the code run: keep the findings, not the script.
            text = str(error).replace(code, "<script>")
            raise self.failureException(f"{url} as {who}: {text}") from None

    @staticmethod
    def _lab_loaded(submit):
        """The script's start: the page is loaded, and with ``submit`` = (form selector,
        {field: value or [values]}, selector the answer must have) that form is posted and its
        answer shown in place of the page."""
        if not submit:
            return _LOADED
        form, data, expect = submit
        return _SUBMITTED % {
            "loaded": _LOADED,
            "form": json.dumps(form),
            "data": json.dumps(data),
            "expect": json.dumps(expect),
        }

    def assertAccessible(self, url, login=None, include=None, submit=None):
        """axe-core finds no serious or critical WCAG 2.1 A/AA violation on ``url``.
        ``include``: CSS selectors of the parts to check (our sections of a stock page);
        ``submit``: check the page answered to that form (see ``_lab_loaded``)."""
        source = axe_core_source()
        context = json.dumps({"include": [[s] for s in include]}) if include else "document"
        run = _AXE_RUN % {
            "loaded": self._lab_loaded(submit),
            "context": context,
            "tags": json.dumps(AXE_TAGS),
        }
        self._lab_browser_check(url, f"{source}\n;{run}", login)

    def assertFitsPhone(self, url, login=None, submit=None):
        """At 390 × 844 px, every table of ``url`` fits its box and the screen."""
        self.browser_size = PHONE_SIZE
        try:
            self._lab_browser_check(url, _PHONE_RUN % {"loaded": self._lab_loaded(submit)}, login)
        finally:
            del self.browser_size

    def assertKeyboardUsable(self, url, login=None, submit=None):
        """Every link, button and field of ``url``'s main part is in the tab order, takes the
        focus and shows it (WCAG 2.1.1, 2.4.7)."""
        self._lab_browser_check(url, _KEYBOARD_RUN % {"loaded": self._lab_loaded(submit)}, login)
