"""The scan tests' website: a shop on 127.0.0.1 and an advertiser on localhost, each on a
port of its own, so that first and third party are what a browser makes of them.

What the site does, and so all a scan may find:
- before consent: `sessionid` (header, session) and `_ga` (header, 2 years, capped at 400
  days by the browser) from the shop's page; `lang` (1 year) and localStorage `handlekurv`
  from the shop's script; the advertiser's pixel `px.gif`, which sets its own
  `besok_id` (third party, 1 year);
- a banner with "Godta alle" and "Avvis alle"; "Godta alle" sets `samtykke=alle`
  (180 days) and loads the advertiser's script, which sets `_fbp` (90 days) on the
  shop's domain and sends a beacon to the advertiser's `/hendelse`; "Avvis alle" sets
  `samtykke=nei` and nothing else;
- a second page, /om, linked from the first, and a link to the advertiser (not the same
  site: a scan must not follow it);
- apart, linked from nowhere: /verktoy, with the markup of Cookiebot's banner, whose
  buttons set `CookieConsent`.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).parent
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00"
    b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@dataclass(frozen=True)
class Site:
    shop: str  # http://127.0.0.1:PORT
    ads: str  # http://localhost:PORT


def _handler(
    files: dict[str, tuple[str, bytes, list[tuple[str, str]]]],
) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            found = files.get(path)
            if found is None:
                self.send_error(404)
                return
            ctype, body, headers = found
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:  # the advertiser's beacon: taken, and nothing said
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def _page(name: str, site: Site) -> bytes:
    text = (HERE / name).read_text(encoding="utf-8")
    return text.replace("{ADS}", site.ads).replace("{SHOP}", site.shop).encode("utf-8")


@contextlib.contextmanager
def serve() -> Iterator[Site]:
    shop_server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    ads_server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    site = Site(
        shop=f"http://127.0.0.1:{shop_server.server_address[1]}",
        ads=f"http://localhost:{ads_server.server_address[1]}",
    )
    html = "text/html; charset=utf-8"
    js = "text/javascript; charset=utf-8"
    shop_server.RequestHandlerClass = _handler(
        {
            "/": (
                html,
                _page("index.html", site),
                [
                    ("Set-Cookie", "sessionid=k4r7; Path=/; HttpOnly; SameSite=Lax"),
                    ("Set-Cookie", "_ga=GA1.1.1234.5678; Max-Age=63072000; Path=/; SameSite=Lax"),
                ],
            ),
            "/om": (html, _page("om.html", site), []),
            "/site.js": (js, _page("site.js", site), []),
            "/verktoy": (html, _page("verktoy.html", site), []),
        }
    )
    ads_server.RequestHandlerClass = _handler(
        {
            "/px.gif": (
                "image/gif",
                PIXEL,
                [
                    (
                        "Set-Cookie",
                        "besok_id=a1b2; Max-Age=31536000; Path=/; SameSite=None; Secure",
                    ),
                ],
            ),
            "/annonse.js": (js, _page("annonse.js", site), []),
            "/": (html, b"<!doctype html><title>Annonsenett</title>", []),
        }
    )
    threads = [
        threading.Thread(target=s.serve_forever, daemon=True) for s in (shop_server, ads_server)
    ]
    for t in threads:
        t.start()
    try:
        yield site
    finally:
        for s in (shop_server, ads_server):
            s.shutdown()
            s.server_close()


if __name__ == "__main__":  # look at the site by hand: cd tests && python -m scan_site.server
    import time

    with serve() as running:
        print(running.shop, running.ads, flush=True)
        while True:
            time.sleep(3600)
