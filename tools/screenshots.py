#!/usr/bin/env python3
"""Screenshots of a running demo lab for the README, taken in a real headless Chromium.

For each (name, url, login) it logs in through Odoo's login form as that demo user (the
password of a demo user is its login; ``admin`` is ``admin``), opens the page, waits until
Odoo has drawn it and writes ``docs/screenshots/<name>.png`` (1440x900).

    python3 tools/screenshots.py                          # the built-in list, on make demo
    python3 tools/screenshots.py --base http://127.0.0.1:8180 --db i8_demo
    python3 tools/screenshots.py --shots shots.txt        # lines: name url login [focus]
    python3 tools/screenshots.py --only sample_list_reception
    python3 tools/screenshots.py --size 390x844 --mobile --shots phone.txt   # a phone

Needs Chromium (``/usr/bin/chromium`` or $CHROMIUM) and ``websocket-client``; talks to the
browser over the Chrome DevTools protocol, downloads nothing.
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import websocket

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 1440, 900
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
]

# (name, path, login[, focus]): what exists in the demo lab. "{user:<login>}" is replaced by
# the id of that demo user, so that a form opens on a known record; ``focus`` is a text of the
# page (a section title) scrolled to the top before the shot.
DEFAULT_SHOTS = [
    ("sample_list_reception", "/odoo/action-lab_customer_service.lab_sample_action", "reception"),
    ("sample_list_technician", "/odoo/action-lab_customer_service.lab_sample_action", "technician"),
    (
        "test_catalogue",
        "/odoo/action-lab_customer_service.product_template_action_lab_test",
        "director",
    ),
    ("user_lab_roles", "/odoo/action-base.action_res_users/{user:multi}", "admin", "Laboratory"),
    ("portal_home", "/my/home", "steel"),
]

READY_JS = """
(() => {
    if (document.readyState !== "complete") return false;
    // the portal home fills its tiles once its counters arrive
    const spinner = document.querySelector(".o_portal_doc_spinner");
    if (!location.pathname.startsWith("/odoo")) return !spinner;
    const busy = document.querySelector(".o_blockUI, .o_loading_indicator");
    const view = document.querySelector(".o_action_manager .o_view_controller");
    return !busy && !!view;
})()
"""


class Browser:
    """A headless Chromium with a fresh profile, driven over the DevTools protocol."""

    def __init__(self, binary, width=WIDTH, height=HEIGHT, mobile=False):
        self.profile = tempfile.mkdtemp(prefix="lab-shots-")
        self.proc = subprocess.Popen(
            [
                binary,
                *CHROME_FLAGS,
                f"--window-size={width},{height}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self.profile) / "DevToolsActivePort"
        for _i in range(200):
            if port_file.is_file() and port_file.read_text().strip():
                break
            time.sleep(0.1)
        else:
            self.close()
            raise RuntimeError(f"{binary} did not open its DevTools port")
        port = port_file.read_text().split()[0]
        self.ws = websocket.create_connection(self._page_ws(port), timeout=60, suppress_origin=True)
        self.seq = 0
        self.call("Page.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )

    @staticmethod
    def _page_ws(port):
        import urllib.request

        for _i in range(50):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as res:
                pages = [t for t in json.load(res) if t.get("type") == "page"]
            if pages:
                return pages[0]["webSocketDebuggerUrl"]
            time.sleep(0.1)
        raise RuntimeError("Chromium has no page to drive")

    def call(self, method, **params):
        self.seq += 1
        self.ws.send(json.dumps({"id": self.seq, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.seq:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def evaluate(self, expression):
        res = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return res.get("result", {}).get("value")

    def goto(self, url, timeout=60):
        self.call("Page.navigate", url=url)
        self.wait(READY_JS, timeout)

    def wait(self, expression, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            if self.evaluate(expression):
                time.sleep(1.0)  # let fonts, images and transitions settle
                return
            time.sleep(0.25)
        raise TimeoutError(f"page not ready after {timeout}s: {self.evaluate('location.href')}")

    def scroll_to(self, text):
        """Scroll the element whose own text is ``text`` (case-insensitive) to the top."""
        found = self.evaluate(
            "(() => { const want = %s.toUpperCase();"
            " const all = [...document.querySelectorAll('body *')].filter(el =>"
            " [...el.childNodes].some(n => n.nodeType === 3 &&"
            " n.textContent.trim().toUpperCase() === want));"
            " if (!all.length) return false;"
            " all[0].scrollIntoView({block: 'start'}); return true; })()" % json.dumps(text)
        )
        if not found:
            raise RuntimeError(f"no {text!r} on {self.evaluate('location.href')}")
        time.sleep(0.5)

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=False)
        Path(path).write_bytes(base64.b64decode(data["data"]))

    def close(self):
        try:
            self.ws.close()
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def login(browser, base, db, user):
    password = "admin" if user == "admin" else user
    browser.call("Network.clearBrowserCookies")
    query = f"?db={db}" if db else ""
    browser.goto(f"{base}/web/login{query}")
    browser.evaluate(
        "(() => {"
        f"document.querySelector('input[name=login]').value = {json.dumps(user)};"
        f"document.querySelector('input[name=password]').value = {json.dumps(password)};"
        "document.querySelector('form.oe_login_form, form[action*=\"/web/login\"]').submit();"
        "})()"
    )
    time.sleep(1.0)
    browser.wait(
        "document.readyState === 'complete' && !location.pathname.startsWith('/web/login')"
    )


def user_id(browser, base, login_name):
    """Id of a user by login, read through the JSON-RPC of the logged-in session."""
    script = (
        "fetch('/web/dataset/call_kw/res.users/search', {method: 'POST', headers: "
        "{'Content-Type': 'application/json'}, body: JSON.stringify({jsonrpc: '2.0', "
        "method: 'call', params: {model: 'res.users', method: 'search', args: "
        f"[[['login', '=', {json.dumps(login_name)}]]], kwargs: {{}}}}}})}})"
        ".then(r => r.json()).then(j => window.__lab_uid = (j.result || [])[0] || 0)"
    )
    browser.evaluate("window.__lab_uid = null;" + script)
    browser.wait("window.__lab_uid !== null", 20)
    uid = browser.evaluate("window.__lab_uid")
    if not uid:
        raise RuntimeError(f"no user {login_name!r} in this database")
    return uid


def read_shots(path):
    shots = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, url, login_name, *focus = line.split(None, 3)
            shots.append((name, url, login_name, *focus))
    return shots


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8069", help="demo server URL")
    parser.add_argument("--db", default="", help="database (when the server lists several)")
    parser.add_argument("--shots", help="file of lines: name url login")
    parser.add_argument("--only", action="append", help="take only these names")
    parser.add_argument("--out", default=str(OUT_DIR))
    parser.add_argument("--size", default=f"{WIDTH}x{HEIGHT}", help="viewport, e.g. 390x844")
    parser.add_argument("--mobile", action="store_true", help="emulate a phone (touch, viewport)")
    parser.add_argument(
        "--chromium", default=os.environ.get("CHROMIUM") or shutil.which("chromium") or ""
    )
    args = parser.parse_args(argv)
    if not args.chromium:
        print("Chromium not found: apt-get install chromium, or set $CHROMIUM", file=sys.stderr)
        return 1
    shots = read_shots(args.shots) if args.shots else DEFAULT_SHOTS
    if args.only:
        shots = [s for s in shots if s[0] in args.only]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    base = args.base.rstrip("/")
    failed = 0
    width, height = (int(n) for n in args.size.lower().split("x"))
    browser = Browser(args.chromium, width, height, args.mobile)
    try:
        current = None
        for name, url, login_name, *focus in shots:
            try:
                if login_name != current:
                    login(browser, base, args.db, login_name)
                    current = login_name
                while "{user:" in url:
                    start = url.index("{user:")
                    end = url.index("}", start)
                    uid = user_id(browser, base, url[start + 6 : end])
                    url = f"{url[:start]}{uid}{url[end + 1 :]}"
                browser.goto(base + url if url.startswith("/") else url)
                if focus:
                    browser.scroll_to(focus[0])
                path = out / f"{name}.png"
                browser.screenshot(path)
                print(
                    f"{path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}"
                    f"  ({login_name}: {url}, {path.stat().st_size // 1024} KB)"
                )
            except (RuntimeError, TimeoutError) as exc:
                failed += 1
                current = None
                print(f"{name}: FAILED: {exc}", file=sys.stderr)
    finally:
        browser.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
