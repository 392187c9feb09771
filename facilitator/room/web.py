"""The room's web server: three pages, their script and style, the slides' images, and
the stream of changes. GET only: nothing here can change the workshop.

On 127.0.0.1 the Host header must name this machine (a page elsewhere cannot reach
the room through a name it rebinds). Served on another address, every request
must carry the random ``token`` the URL printed at start has. Every response has a
Content-Security-Policy that lets the page load only its own script, style and
images: no script, font or style from outside the machine.
"""

from __future__ import annotations

import hmac
import html
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from facilitator.i18n import say
from facilitator.room.feed import Feed
from facilitator.room.markdown import image_path

STATIC = Path(__file__).parent / "static"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


class Guard:
    """Every response gets the security headers; with a token, a request without it is
    refused (403) before it reaches a route."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        if self.token is not None:
            given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])
            if not hmac.compare_digest(given[0].encode(), self.token.encode()):
                await PlainTextResponse("a token is needed", 403)(scope, receive, send_guarded)
                return
        await self.app(scope, receive, send_guarded)


def page(model_lang: str, title: str, view: str, token: str | None) -> str:
    """The page of one view; the script fills it from the stream."""
    query = f"?token={token}" if token else ""
    esc = html.escape
    return f"""<!doctype html>
<html lang="{esc(model_lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<link rel="stylesheet" href="/static/room.css{esc(query)}">
<script src="/static/room.js{esc(query)}" defer></script>
</head>
<body class="view-{esc(view)}" data-view="{esc(view)}" data-token="{esc(token or "")}"
 data-lost="{esc(say(model_lang, "room_lost"))}">
<header><span id="title"></span><span id="caption"></span></header>
<div id="message"></div>
<main id="stage"><div id="content"></div></main>
<section id="clockface"><div id="clock"></div></section>
<section id="agenda"><h1 id="agenda-title"></h1><p id="agenda-subtitle"></p>
<ol id="agenda-rows"></ol></section>
<footer><span id="timer" class="idle"><span id="timer-digits">--:--</span>
<span id="timer-label"></span></span><span id="next"></span>
<span id="link">{esc(say(model_lang, "room_connecting"))}</span></footer>
</body>
</html>
"""


def make_web(feed: Feed, token: str | None = None, hosts: tuple[str, ...] = ()) -> Starlette:
    """The room's web app on ``feed``; ``token`` required when not None; ``hosts`` the
    Host names accepted (default: loopback names only)."""
    model = feed.controller

    def view(name: str):
        async def endpoint(request: Request) -> Response:
            text = page(model.lang, model.workshop.name, name, token)
            return Response(text, media_type="text/html; charset=utf-8")

        return endpoint

    async def state(request: Request) -> Response:
        return Response(feed.message(), media_type="application/json")

    async def events(request: Request) -> Response:
        return StreamingResponse(
            feed.updates(),
            media_type="text/event-stream",
            headers={"x-accel-buffering": "no"},
        )

    async def media(request: Request) -> Response:
        sid, name = request.path_params["session"], request.path_params["path"]
        path = image_path(name)
        try:
            module = model.programme.session(sid).module
        except KeyError:
            module = None
        if path is None or module is None:
            return PlainTextResponse("not found", 404)
        for folder in {f.parent.resolve() for f in module.files}:
            found = (folder / path).resolve()
            if found.is_relative_to(folder) and found.is_file():
                return FileResponse(found)
        return PlainTextResponse("not found", 404)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await feed.start()
        try:
            yield
        finally:
            await feed.stop()

    routes = [
        Route("/", view("slide"), methods=["GET"]),
        Route("/clock", view("clock"), methods=["GET"]),
        Route("/agenda", view("agenda"), methods=["GET"]),
        Route("/state", state, methods=["GET"]),
        Route("/events", events, methods=["GET"]),
        Route("/media/{session}/{path:path}", media, methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [
        Middleware(Guard, token=token),
        Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts or LOOPBACK_HOSTS)),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
