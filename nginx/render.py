#!/usr/bin/env python3
"""Render nginx/tongban.conf.template for production (TLS) or for tests (plain HTTP, own prefix).

Production (Dockerfile, stage `nginx-conf`):
    python3 nginx/render.py --tls --app-upstream app:8000 --pwa-root /usr/share/nginx/tongban \
        --out /etc/nginx/conf.d/default.conf
Test / local (writes <dir>/nginx.conf + <dir>/tongban.conf; pid, logs and temp files stay in <dir>):
    python3 nginx/render.py --prefix /tmp/tb-nginx --port 18443 --app-upstream 127.0.0.1:8000 \
        --pwa-root pwa/dist
    nginx -p /tmp/tb-nginx -c /tmp/tb-nginx/nginx.conf -g 'daemon off;'

Stdlib only: the template uses ${UPPER_CASE} placeholders (nginx's own variables are lower case,
so they are never touched) and `#@if tls|plain` ... `#@end` line blocks.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

TEMPLATE = Path(__file__).with_name("tongban.conf.template")
_PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")

DEFAULTS = {
    "SERVER_NAME": "_",
    "API_RATE": "30r/s",
    "API_BURST": "60",
    "AUTH_RATE": "5r/s",
    "MAX_BODY": "20m",          # the app's MAX_CONTENT_LENGTH is 20 MiB too
    "HTTP_PORT": "80",
    "ACME_ROOT": "/var/www/acme",
    "TLS_CERT": "/etc/nginx/certs/fullchain.pem",
    "TLS_KEY": "/etc/nginx/certs/privkey.pem",
}


class RenderError(ValueError):
    pass


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def local_nginx_version(nginx: str = "nginx") -> str:
    """`nginx -v` prints 'nginx version: nginx/1.22.1' on stderr."""
    out = subprocess.run([nginx, "-v"], capture_output=True, text=True, check=True).stderr
    m = re.search(r"nginx/(\d+\.\d+\.\d+)", out)
    if not m:
        raise RenderError(f"cannot read the nginx version from {out!r}")
    return m.group(1)


def render(values: dict[str, str], tls: bool, nginx_version: str = "1.28.0",
           template: str | None = None) -> str:
    """Return the rendered server config; unknown placeholders are an error, not a blank."""
    text = template if template is not None else TEMPLATE.read_text(encoding="utf-8")
    v = {**DEFAULTS, **values}
    # Listen address: production listens on every address, IPv4 and IPv6 (government sites must
    # be reachable over IPv6); the plain variant defaults to loopback only.
    v.setdefault("ADDR", "" if tls else "127.0.0.1:")
    v.setdefault("V6", "" if v["ADDR"] == "" else "# ")
    # `http2 on;` exists from nginx 1.25.1; older versions (Debian 12 has 1.22) need `listen ... http2`.
    new_h2 = _version_tuple(nginx_version) >= (1, 25, 1)
    v.setdefault("HTTP2_LISTEN", "" if new_h2 else " http2")
    v.setdefault("HTTP2_ON", "http2 on;" if new_h2 else "# http2 is set on the listen line (nginx < 1.25.1)")

    out, keep, block = [], True, None
    for lineno, line in enumerate(text.splitlines(), 1):
        marker = line.strip()
        if marker.startswith("#@if "):
            block = marker[5:].strip()
            if block not in {"tls", "plain"} or not keep:
                raise RenderError(f"template line {lineno}: bad or nested block {marker!r}")
            keep = (block == "tls") == tls
            continue
        if marker == "#@end":
            keep, block = True, None
            continue
        if keep:
            out.append(line)
    if block is not None:
        raise RenderError(f"template: block #@if {block} is not closed")

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in v:
            raise RenderError(f"template needs a value for ${{{name}}}")
        return v[name]

    return _PLACEHOLDER.sub(sub, "\n".join(out) + "\n")


def main_conf(prefix: Path, site_conf: Path, mime_types: str) -> str:
    """A self-contained nginx.conf whose pid, logs and temp files all live under `prefix`."""
    user = ""
    if os.geteuid() == 0:
        # nginx started as root would switch workers to `nobody`, who cannot read a private
        # temp dir; this wrapper is for tests and local runs only, so keep the caller's identity.
        import grp
        import pwd

        user = f"user {pwd.getpwuid(os.getuid()).pw_name} {grp.getgrgid(os.getgid()).gr_name};\n"
    tmp = prefix / "tmp"
    return f"""# Written by nginx/render.py for a test or local run; production uses the image's nginx.conf.
{user}worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
    access_log {prefix / "access.log"};
    client_body_temp_path {tmp / "body"};
    proxy_temp_path {tmp / "proxy"};
    fastcgi_temp_path {tmp / "fastcgi"};
    uwsgi_temp_path {tmp / "uwsgi"};
    scgi_temp_path {tmp / "scgi"};
    include {site_conf};
}}
"""


def write_prefix(prefix: Path, values: dict[str, str], tls: bool = False,
                 nginx_version: str | None = None, mime_types: str = "/etc/nginx/mime.types") -> Path:
    """Write <prefix>/tongban.conf and <prefix>/nginx.conf; return the path of nginx.conf."""
    prefix = prefix.resolve()
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    site = prefix / "tongban.conf"
    site.write_text(render(values, tls=tls, nginx_version=nginx_version or local_nginx_version()),
                    encoding="utf-8")
    conf = prefix / "nginx.conf"
    conf.write_text(main_conf(prefix, site, mime_types), encoding="utf-8")
    return conf


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tls", action="store_true", help="production variant (HTTPS + redirect server)")
    p.add_argument("--port", help="HTTPS port with --tls (default 443), else the plain HTTP port")
    p.add_argument("--http-port", help="with --tls: the redirecting HTTP port (default 80)")
    p.add_argument("--bind", help="listen on this IPv4 address only (plain default 127.0.0.1; "
                   "--tls default: every IPv4 and IPv6 address)")
    p.add_argument("--no-ipv6", action="store_true", help="for hosts booted with IPv6 disabled")
    p.add_argument("--app-upstream", required=True, help="host:port of gunicorn")
    p.add_argument("--pwa-root", required=True, help="directory of the built PWA")
    p.add_argument("--server-name")
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--max-body", help="client_max_body_size for /api/ (default 20m)")
    p.add_argument("--nginx-version", help="target nginx version (default: the image's, 1.28.0; "
                   "with --prefix: the local nginx)")
    p.add_argument("--out", type=Path, help="write the server config here (production)")
    p.add_argument("--prefix", type=Path, help="write a runnable nginx.conf + tongban.conf here")
    p.add_argument("--mime-types", default="/etc/nginx/mime.types")
    a = p.parse_args()

    values = {"APP_UPSTREAM": a.app_upstream,
              # a prefixed run points at a local directory; production names a path in the image
              "PWA_ROOT": str(Path(a.pwa_root).resolve()) if a.prefix else a.pwa_root,
              "PORT": a.port or ("443" if a.tls else "8080")}
    if a.bind:
        values["ADDR"] = f"{a.bind}:"
    if a.no_ipv6:
        values["V6"] = "# "
    for key, val in (("HTTP_PORT", a.http_port), ("SERVER_NAME", a.server_name),
                     ("TLS_CERT", a.tls_cert), ("TLS_KEY", a.tls_key), ("MAX_BODY", a.max_body)):
        if val:
            values[key] = val
    if a.prefix:
        conf = write_prefix(a.prefix, values, tls=a.tls, nginx_version=a.nginx_version,
                            mime_types=a.mime_types)
        sys.stdout.write(f"nginx -p {conf.parent} -c {conf} -g 'daemon off;'\n")
    else:
        text = render(values, tls=a.tls, nginx_version=a.nginx_version or "1.28.0")
        if a.out:
            a.out.parent.mkdir(parents=True, exist_ok=True)
            a.out.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)


if __name__ == "__main__":
    main()
