"""Take the README's screenshots from a running demo with Debian's Chromium (Playwright drives it).

Run the demo first (`make demo`, or `manage.py seed_demo` then `manage.py runserver`), then:

    .venv/bin/python bin/screenshots.py [--base http://acme.localhost:8000] [--out docs/screenshots]

It signs in as demo@parley.test and saves 1280x800 PNGs of the funnel study, an insight with its evidence and
the roadmap board. Browsers resolve *.localhost to this machine, so no hosts file is needed.
"""

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SIZE = {"width": 1280, "height": 800}
STUDY = "Why teams churn in their first month"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://acme.localhost:8000", help="the demo workspace's address")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"), help="folder for the PNGs")
    parser.add_argument("--email", default="demo@parley.test")
    parser.add_argument("--password", default="parley-demo")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport=SIZE, timezone_id="Europe/Berlin", locale="en-US")
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", args.email)
        page.fill("#id_password", args.password)
        page.click("form [type=submit]")
        page.wait_for_load_state("networkidle")
        if "/accounts/login/" in page.url:
            print(f"Could not sign in as {args.email} on {base}: is the demo seeded?", file=sys.stderr)
            return 1

        shots = []
        page.goto(f"{base}/studies/")
        page.get_by_role("link", name=STUDY).first.click()
        shots.append(_save(page, out / "study.png"))

        page.goto(f"{base}/insights/")
        page.goto(base + _first_href(page, r"^/insights/\d+/$"))
        shots.append(_save(page, out / "insight.png"))

        page.goto(f"{base}/roadmap/")
        shots.append(_save(page, out / "roadmap.png"))
        browser.close()

    for path in shots:
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {path.stat().st_size // 1024} KB")
    return 0


def _first_href(page, pattern: str) -> str:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    return next(href for href in hrefs if re.match(pattern, href))


def _save(page, path: Path) -> Path:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path))
    return path


if __name__ == "__main__":
    sys.exit(main())
