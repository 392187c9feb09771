"""`facilitator room` over real HTTP: the pages, the stream, and what never leaves it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from datetime import date

import httpx
import pytest

from facilitator.course import catalog
from facilitator.live.events import FakeClock, system_clock
from facilitator.room.feed import Feed
from facilitator.room.serve import loopback
from facilitator.room.web import make_web
from facilitator.store import workshops
from tests.e2e_tmux import BIN
from tests.helpers import other_controller
from tests.room_web import Stream, base, own_demo, room_server
from tests.unit.test_room_model import secrets_of


@pytest.fixture()
def lead(demo_path, course, fake_clock):
    return other_controller(demo_path, course, fake_clock, author="Lead")


@pytest.fixture()
def server(demo_path, course, fake_clock):
    with room_server(demo_path, course, fake_clock) as running:
        yield running


@pytest.fixture()
def client():
    with httpx.Client() as http:
        yield http


def test_the_three_pages_load_only_their_own_script_and_style(server, client) -> None:
    for view, url in (("slide", "/"), ("clock", "/clock"), ("agenda", "/agenda")):
        response = client.get(base(server) + url)
        assert response.status_code == 200
        assert f'data-view="{view}"' in response.text
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assets = re.findall(r'(?:src|href)="([^"]+)"', response.text)
        assert sorted(assets) == ["/static/room.css", "/static/room.js"]
        for asset in assets:
            served = client.get(base(server) + asset)
            assert served.status_code == 200
            assert "http" not in served.text  # no font, script or style from elsewhere
    script = client.get(base(server) + "/static/room.js").text
    assert "innerHTML" not in script and "eval(" not in script


def test_nothing_on_the_page_can_change_the_workshop(server, client, demo_path) -> None:
    before = demo_path.read_bytes()
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        for url in ("/", "/events", "/state", "/media/welcome/x.png"):
            assert client.request(method, base(server) + url).status_code == 405
    assert demo_path.read_bytes() == before


def test_a_page_on_another_host_name_is_refused(server, client) -> None:
    response = client.get(base(server) + "/state", headers={"host": "rebound.example"})
    assert response.status_code == 400


def test_the_stream_follows_the_lead(server, client, lead) -> None:
    stream = Stream(client, base(server) + "/events")
    try:
        first = stream.next()["model"]
        assert (first["title"], first["caption"]) == ("Welcome and objectives", "slide 1 of 2")
        lead.toggle()
        lead.show_slide(lead.current(), 1)
        moved = stream.until(lambda m: m["caption"] == "slide 2 of 2", "slide 2")["model"]
        assert moved["timer"]["running"]
        assert stream.response.headers["content-type"].startswith("text/event-stream")
        lead.step(1)
        stream.until(lambda m: m["title"] == "Evidence and chain of custody", "next session")
    finally:
        stream.close()


def test_many_pages_hear_of_the_same_change(server, client, lead) -> None:
    streams = [Stream(client, base(server) + "/events") for _ in range(5)]
    try:
        for stream in streams:
            stream.next()
        lead.goto("coffee-d1", run=True)
        for stream in streams:
            model = stream.until(lambda m: m["view"] == "card", "the break card")["model"]
            assert "Back at" in model["body"]
    finally:
        for stream in streams:
            stream.close()


def test_one_change_is_one_event_with_the_same_bytes_for_every_page(
    demo_path, course, client
) -> None:
    """The model is serialised once per change, not once per page: ten pages read the
    very same event (the server's time in it too, on the real clock)."""
    lead = other_controller(demo_path, course, system_clock, author="Lead")
    with room_server(demo_path, course, system_clock) as server:
        streams = [Stream(client, base(server) + "/events") for _ in range(10)]
        try:
            for stream in streams:
                stream.next()
            lead.goto("coffee-d1", run=True)
            events = set()
            for stream in streams:
                stream.until(lambda m: m["view"] == "card", "the break card")
                events.add(stream.raw[-1])
            assert len(events) == 1
        finally:
            for stream in streams:
                stream.close()


def test_no_note_weakness_solution_or_restricted_record_ever_leaves(
    server, client, lead, course
) -> None:
    """The whole demo programme walked through, every slide and question: every response
    (pages, script, state, stream) read for what the trainers keep."""
    secrets = secrets_of(course)
    lead.add_note("welcome", "TRAINERS ONLY: the Lomé case file is weak", "note", restricted=True)
    lead.add_note("welcome", "a plain note, for the minutes", "note")
    secrets += ["TRAINERS ONLY", "a plain note"]
    stream = Stream(client, base(server) + "/events")
    seen: list[str] = []
    try:
        stream.next()
        for session in lead.programme.sessions():
            lead.goto(session.id)
            steps = len(session.module.slides_in("en")) if session.module else 1
            if session.question_ids:
                steps = len(session.questions) + 1
            for index in range(steps):
                if session.question_ids:
                    lead.show_question(session, index)
                else:
                    lead.show_slide(session, index)
                stream.until(lambda m, sid=session.id: m["session"] == sid, session.id)
                for url in ("/state", "/", "/clock", "/agenda", "/static/room.js"):
                    seen.append(client.get(base(server) + url).text)
    finally:
        stream.close()
    seen += stream.raw
    everything = "\n".join(seen)
    assert "Diagnostic round: evidence handling" in everything  # it did walk through
    leaked = [s for s in secrets if s in everything]
    assert not leaked


def test_images_come_only_from_the_modules_folder(server, client) -> None:
    for url in (
        "/media/welcome/../../../etc/passwd",
        "/media/welcome/%2e%2e/%2e%2e/sessions/demo.toml",
        "/media/welcome/01-welcome.md",
        "/media/nosuchsession/a.png",
        "/media/welcome/missing.png",
    ):
        assert client.get(base(server) + url).status_code == 404, url


async def test_off_this_machine_every_request_needs_the_token(
    demo_path, course, fake_clock
) -> None:
    from facilitator.control.controller import open_controller
    from facilitator.control.options import Options

    controller = open_controller(Options(demo_path, role="follower"), course, fake_clock, True)
    web = make_web(Feed(controller, 300), token="s3cret-token", hosts=("*",))
    transport = httpx.ASGITransport(app=web)
    async with httpx.AsyncClient(transport=transport, base_url="http://192.0.2.10:8765") as http:
        for url in ("/", "/clock", "/state", "/static/room.js", "/events"):
            refused = await http.get(url)
            assert refused.status_code == 403, url
            assert "content-security-policy" in refused.headers
            assert (await http.get(url + "?token=wrong")).status_code == 403
        page = await http.get("/?token=s3cret-token")
        assert page.status_code == 200
        assert 'src="/static/room.js?token=s3cret-token"' in page.text
        state = await http.get("/state?token=s3cret-token")
        assert state.json()["model"]["session"] == "welcome"


@pytest.mark.parametrize(
    ("host", "mine"),
    [("127.0.0.1", True), ("127.4.5.6", True), ("localhost", True), ("::1", True),
     ("[::1]", True), ("0.0.0.0", False), ("192.168.1.20", False), ("room.lan", False)],
)  # fmt: skip
def test_only_this_machine_goes_without_a_token(host: str, mine: bool) -> None:
    assert loopback(host) is mine


def test_a_module_edited_on_disk_reaches_the_page(tmp_path, root, client) -> None:
    """The watcher loads the edited course again; a broken file keeps the last good text
    and is told, with file and line, to whoever runs the server."""
    course, loaded, path, clock = own_demo(tmp_path, root)
    told: list[str] = []
    with room_server(path, loaded, clock, on_problem=told.append) as server:
        stream = Stream(client, base(server) + "/events")
        try:
            assert stream.next()["model"]["body"].startswith("# Welcome")
            module = course / "content" / "demo" / "01-welcome.md"
            text = module.read_text(encoding="utf-8")
            module.write_text(text.replace("# Welcome", "# Welcome to Lomé", 1))
            stream.until(lambda m: m["body"].startswith("# Welcome to Lomé"), "the new text")
            module.write_text(text.replace("::: notes", "::: notes\n---", 1))
            deadline = time.monotonic() + 10
            while not told and time.monotonic() < deadline:
                time.sleep(0.02)
            assert told and "demo/01-welcome.md:" in told[0]
            page = client.get(base(server) + "/state").json()["model"]
            assert page["body"].startswith("# Welcome to Lomé")  # the last good version
        finally:
            stream.close()


def test_an_image_beside_the_module_is_served_to_the_page(tmp_path, root, client) -> None:
    course, _, _, _ = own_demo(tmp_path, root)
    folder = course / "content" / "demo"
    (folder / "seal.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'
    )
    (course / "content" / "secret.png").write_bytes(b"not for the room")
    module = folder / "01-welcome.md"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("# Welcome", "# Welcome\n\n![the seal](seal.svg)", 1))
    loaded, _ = catalog.load_for((course,), "demo")
    path = workshops.create_demo(tmp_path / "data2", loaded, date(2026, 12, 7), "Europe/Brussels")
    with room_server(path, loaded, FakeClock()) as server:
        state = client.get(base(server) + "/state").json()["model"]
        image = state["tree"][1][2][0]
        assert image == ["img", {"src": "media/welcome/seal.svg", "alt": "the seal"}, []]
        served = client.get(base(server) + "/" + image[1]["src"])
        assert served.status_code == 200 and served.headers["content-type"] == "image/svg+xml"
        assert "content-security-policy" in served.headers
        for url in ("/media/welcome/../secret.png", "/media/welcome/%2E%2E/secret.png"):
            assert client.get(base(server) + url, follow_redirects=True).status_code == 404


def test_the_room_stops_cleanly_with_pages_open(demo_path, client) -> None:
    """Ctrl+C (SIGINT) with pages open: their streams end first, so the server stops at
    once without cancelling a response (uvicorn said "ERROR: Cancel 2 running task(s)")."""
    env = {**os.environ, "FACILITATOR_DATA": str(demo_path.parent)}
    room = subprocess.Popen(
        [str(BIN), "room", str(demo_path), "--port", "0"], env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        url = re.search(r"http://\S+/", room.stdout.readline()).group(0)
        streams = [Stream(client, url + "events") for _ in range(3)]
        for stream in streams:
            assert stream.next()["model"]["session"] == "welcome"
        room.send_signal(signal.SIGINT)
        for stream in streams:
            with pytest.raises(AssertionError, match="the stream ended"):
                stream.next()
        assert room.wait(timeout=15) in (0, 130)  # 130: as a shell says of Ctrl+C
        said = room.stderr.read()
        assert "ERROR" not in said and "Traceback" not in said, said
    finally:
        if room.poll() is None:
            room.kill()
            room.wait()


def test_served_to_every_address_the_url_names_one_another_machine_can_open(
    demo_path, course, fake_clock
) -> None:
    """`--host 0.0.0.0` listens on every address, but 0.0.0.0 is no address to open on the
    projector's computer: the URL printed names this machine on its network."""
    from urllib.parse import urlsplit

    from facilitator.control.controller import open_controller
    from facilitator.control.options import Options
    from facilitator.room.serve import RoomServer

    controller = open_controller(Options(demo_path, role="follower"), course, fake_clock, True)
    server = RoomServer(controller, 300, "0.0.0.0", 0)
    try:
        url = urlsplit(server.url)
        assert url.hostname not in ("0.0.0.0", None, "")
        assert url.port == server.port
        assert url.query == f"token={server.token}"
    finally:
        server.socket.close()


def test_with_a_token_every_page_it_names_opens_as_printed(demo_path, client) -> None:
    """Off this machine `/clock` alone is refused: what `facilitator room` prints for the
    clock and the agenda carries the token too, so each address it prints opens."""
    env = {**os.environ, "FACILITATOR_DATA": str(demo_path.parent)}
    room = subprocess.Popen(
        [str(BIN), "room", str(demo_path), "--host", "0.0.0.0", "--port", "0"], env=env,
        text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        said = ""
        while "Ctrl+C stops." not in said:
            line = room.stdout.readline()
            assert line, said + room.stderr.read()
            said += line
        urls = re.findall(r"http://\S+", said)
        port = int(re.search(r":(\d+)/", urls[0]).group(1))
        pages = {re.sub(r"^http://[^/]+", "", url).split("?")[0] for url in urls}
        assert pages == {"/", "/clock", "/agenda"}, said
        for url in urls:
            local = re.sub(r"^http://[^/]+", f"http://127.0.0.1:{port}", url)
            assert client.get(local).status_code == 200, url
    finally:
        room.send_signal(signal.SIGINT)
        try:
            room.wait(timeout=15)
        except subprocess.TimeoutExpired:
            room.kill()
            room.wait()


def test_a_module_moved_away_is_told_within_a_second(tmp_path, root, client) -> None:
    """A module renamed or moved out of its folder (``mv``, ``git mv``) is missing at once:
    whoever runs the server is told within a second, as for an edit, not ten seconds on."""
    course, loaded, path, clock = own_demo(tmp_path, root)
    told: list[str] = []
    with room_server(path, loaded, clock, on_problem=told.append):
        module = course / "content" / "demo" / "03-seizure-drill.md"
        time.sleep(2.5)  # the watcher has looked at the course once since it started
        module.rename(tmp_path / "moved.md")
        deadline = time.monotonic() + 1.5
        while not told and time.monotonic() < deadline:
            time.sleep(0.02)
        assert any("03-seizure-drill.md does not exist" in t for t in told), told
