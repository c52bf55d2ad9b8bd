"""A real Radicale CalDAV server for the host-calendar tests: started as its own process on a free loopback port,
with plain htpasswd logins and a temporary storage folder. `make_calendar` creates a calendar collection
(MKCALENDAR) and puts one resource per event UID (PUT), the way CalDAV clients store events."""

import base64
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import icalendar


@dataclass
class Radicale:
    port: int
    process: subprocess.Popen
    users: dict[str, str]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def request(self, method: str, path: str, user: str, body: bytes = b"", content_type: str = "") -> int:
        token = base64.b64encode(f"{user}:{self.users[user]}".encode()).decode()
        headers = {"Authorization": f"Basic {token}"} | ({"Content-Type": content_type} if content_type else {})
        request = urllib.request.Request(self.url(path), data=body or None, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def make_calendar(self, user: str, name: str, ics: str) -> str:
        """A calendar collection /user/name/ holding the feed's events, one resource per UID; returns its URL."""
        path = f"/{user}/{name}/"
        mkcalendar = (
            '<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" '
            'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>'
            f"{name}</D:displayname></D:prop></D:set></C:mkcalendar>"
        )
        status = self.request("MKCALENDAR", path, user, mkcalendar.encode(), "application/xml")
        assert status == 201, f"MKCALENDAR answered {status}"
        source = icalendar.Calendar.from_ical(ics)
        zones = [c for c in source.subcomponents if c.name == "VTIMEZONE"]
        by_uid: dict[str, list] = {}
        for component in source.subcomponents:
            if component.name == "VEVENT":
                by_uid.setdefault(str(component["UID"]), []).append(component)
        for number, (uid, events) in enumerate(by_uid.items()):
            item = icalendar.Calendar()
            item.add("VERSION", "2.0")
            item.add("PRODID", "-//Parley tests//Radicale//EN")
            for component in [*zones, *events]:
                item.add_component(component)
            status = self.request("PUT", f"{path}event-{number}.ics", user, item.to_ical(), "text/calendar")
            assert status == 201, f"PUT {uid} answered {status}"
        return self.url(path)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(folder: Path, users: dict[str, str]) -> Radicale:
    (folder / "users").write_text("".join(f"{name}:{password}\n" for name, password in users.items()))
    (folder / "storage").mkdir()
    port = _free_port()
    (folder / "config").write_text(
        f"""[server]
hosts = 127.0.0.1:{port}
[auth]
type = htpasswd
htpasswd_filename = {folder / "users"}
htpasswd_encryption = plain
delay = 0
[rights]
type = owner_only
[storage]
filesystem_folder = {folder / "storage"}
[logging]
level = warning
"""
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(folder / "config")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(200):  # up to ~10 s for the process to listen
        if process.poll() is not None:
            raise RuntimeError(f"Radicale exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return Radicale(port=port, process=process, users=users)
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("Radicale did not start listening")


def stop(server: Radicale) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
