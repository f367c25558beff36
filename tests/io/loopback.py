"""Test servers on 127.0.0.1 and a requests session that cannot reach anything else (tests/io/test_fetch.py,
tests/io/test_http.py)."""

from __future__ import annotations

from http.server import ThreadingHTTPServer
from urllib.parse import urlsplit

import requests


class LoopbackOnlySession(requests.Session):
    """A requests session that refuses to talk to any host but 127.0.0.1 (and ignores proxy settings)."""

    trust_env = False

    def request(self, method: str, url: str, *args: object, **kwargs: object) -> requests.Response:
        if urlsplit(url).hostname != "127.0.0.1":
            raise AssertionError(f"test tried to reach {url}")
        return super().request(method, url, *args, **kwargs)


class QuietServer(ThreadingHTTPServer):
    """The fixture server; connections the client drops on purpose (too large, timeout) are not errors."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass
