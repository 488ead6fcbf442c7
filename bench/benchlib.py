#!/usr/bin/env python3
"""Helpers for bench/run.sh (standard library only, loopback only).

  benchlib.py setup BASE KEY PROC_JSON...   create and publish each procedure through the API
  benchlib.py form-url BASE TENANT SLUG     start a portal draft; print "<form page path>\\t<cookie header>"
  benchlib.py verify BASE KEY SLUG IDS...   compare the ids of acknowledged (201) submissions with the stored ones
"""
import http.cookiejar
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request


def api(base, key, method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=body,
                                 headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def setup(base, key, files):
    for f in files:
        with open(f, "rb") as fh:
            body = fh.read()
        slug = json.loads(body)["slug"]
        status, answer = api(base, key, "POST", "/api/v1/procedures", body)
        if status not in (200, 201):
            sys.exit(f"creating {slug}: HTTP {status}: {answer}")
        status, answer = api(base, key, "POST", f"/api/v1/procedures/{slug}/publish")
        if status != 200:
            sys.exit(f"publishing {slug}: HTTP {status}: {answer}")
        print(f"  published {slug} v{answer['version']}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def form_url(base, tenant, slug):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    with opener.open(f"{base}/p/{tenant}/{slug}", timeout=30) as r:
        html = r.read().decode("utf-8")
    m = re.search(r'name="__RequestVerificationToken"[^>]*value="([^"]+)"', html) or \
        re.search(r'value="([^"]+)"[^>]*name="__RequestVerificationToken"', html)
    if not m:
        sys.exit("no antiforgery token on the landing page")
    data = urllib.parse.urlencode({"__RequestVerificationToken": m.group(1)}).encode()
    try:
        opener.open(urllib.request.Request(f"{base}/p/{tenant}/{slug}/start", data=data, method="POST"), timeout=30)
        sys.exit("POST /start did not redirect")
    except urllib.error.HTTPError as e:
        if e.code != 302:
            sys.exit(f"POST /start: HTTP {e.code}")
        location = e.headers["Location"]
    path = urllib.parse.urlsplit(location).path
    with opener.open(base + path, timeout=30) as r:
        page = r.read().decode("utf-8")
    if slug == "bench-rules300":
        # 270 inputs (choices, amounts, texts; the 50 conditional texts are shown: nothing is answered yet, so they
        # are rendered hidden for the browser to reveal) and 30 calculated outputs.
        inputs = len(set(re.findall(r'name="a\.([cnt]\d{3})"', page)))
        outputs = len(re.findall(r'data-calculate=', page))
        if inputs != 270 or outputs != 30:
            sys.exit(f"form page {path} shows {inputs} of 270 inputs and {outputs} of 30 calculated fields")
    else:
        inputs = len(set(re.findall(r'name="(?:a\.)?(f\d\d)"', page)))
        if inputs != 30:
            sys.exit(f"form page {path} shows {inputs} of the 30 fields")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    print(f"{path}\t{cookie}")


def verify(base, key, slug, id_files):
    acked = []
    for f in id_files:
        with open(f) as fh:
            acked.extend(line.strip() for line in fh if line.strip())
    unparsed = sum(1 for a in acked if a == "?")
    stored, page, total = set(), 1, None
    while True:
        status, answer = api(base, key, "GET", f"/api/v1/applications?procedure={slug}&pageSize=200&page={page}")
        if status != 200:
            sys.exit(f"listing applications: HTTP {status}: {answer}")
        total = answer["total"]
        stored.update(item["id"] for item in answer["items"])
        if not answer["items"] or len(stored) >= total:
            break
        page += 1
    acked_set = set(acked)
    missing = acked_set - stored - {"?"}
    extra = stored - acked_set
    print(f"  acknowledged (201) {len(acked)} (distinct {len(acked_set)}, id unreadable {unparsed}); "
          f"stored total {total}, listed {len(stored)}; acknowledged but missing {len(missing)}; "
          f"stored but not acknowledged {len(extra)}")
    print(f"VERIFY acked={len(acked)} stored={total} missing={len(missing)} extra={len(extra)} dup={len(acked) - len(acked_set)}")
    return 1 if missing or unparsed or total < len(acked_set) else 0


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "setup":
        setup(args[0], args[1], args[2:])
    elif cmd == "form-url":
        form_url(*args)
    elif cmd == "verify":
        sys.exit(verify(args[0], args[1], args[2], args[3:]))
    else:
        sys.exit(__doc__)
