"""A newcomer clicking through the demo never meets a dead end: every link the staff pages show, to every role,
opens (no 404, no 403 for a link the page chose to show, no 500), on the workspace and the public host alike."""

import io
import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.core.management import call_command
from django.urls import Resolver404, resolve, set_urlconf

from tests.conftest import ACME_HOST

PER_ROUTE = 2  # pages opened per URL pattern: enough to catch a broken link kind without opening all 500 sessions
SKIP = re.compile(r"/(logout|signout)/|/api/|/admin/|^/static/|^/media/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href and not href.startswith(("mailto:", "tel:", "javascript:", "#")):
                self.hrefs.append(href)


def _route(host: str, path: str) -> str | None:
    # The public host and the workspaces' hosts have URLconfs of their own.
    urlconf = "config.urls_public" if host == "localhost" else "config.urls_tenant"
    set_urlconf(urlconf)
    try:
        match = resolve(path, urlconf=urlconf)
    except Resolver404:
        return None
    finally:
        set_urlconf(None)
    return f"{host}:{match.route}:{match.url_name}"


def crawl(client_for, user, start: str, limit: int = 400) -> tuple[list[str], int]:
    """Open `start` and every same-site link it leads to; return the broken ones and how many pages opened."""
    clients = {}
    seen_routes: Counter = Counter()
    seen: set[str] = set()
    queue = deque([(start, "(start)")])
    broken, opened = [], 0
    while queue and opened < limit:
        url, came_from = queue.popleft()
        parts = urlsplit(url)
        host = parts.hostname or ""
        if not (host == "localhost" or host.endswith(".localhost")) or url in seen:
            continue
        seen.add(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if SKIP.search(parts.path):
            continue
        route = _route(host, parts.path)
        if route is None:
            broken.append(f"{url} (no such page) linked from {came_from}")
            continue
        seen_routes[route] += 1
        if seen_routes[route] > PER_ROUTE:
            continue
        if host not in clients:
            clients[host] = client_for(user, host=host)
        response = clients[host].get(path, follow=True)
        opened += 1
        if response.status_code != 200:
            broken.append(f"{url} answered {response.status_code}, linked from {came_from}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        final = response.redirect_chain[-1][0] if response.redirect_chain else path
        base = urljoin(f"http://{host}:8000", final)
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            target = urldefrag(urljoin(base, href)).url
            if target not in seen:
                queue.append((target, url))
    return broken, opened


def test_every_link_a_role_sees_in_the_demo_opens(world, client_for, report):
    call_command("seed_demo", stdout=io.StringIO())
    start = f"http://{ACME_HOST}:8000/"
    summary = []
    for role in ("owner", "researcher", "pm", "viewer"):
        broken, opened = crawl(client_for, getattr(world, role), start)
        assert not broken, f"{role}: " + "\n".join(broken)
        assert opened > 30, f"{role} opened only {opened} pages: the crawl did not get past the first page"
        summary.append(f"{role} {opened}")
    report("demo links crawled without a dead end, pages opened per role: " + ", ".join(summary))
