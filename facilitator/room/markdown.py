"""A slide's Markdown as a tree of plain values, for the page to build with the DOM.

markdown-it-py parses (raw HTML off: ``<b>`` in a slide is text). The page never
parses HTML: it makes each element of an allowed tag with ``createElement`` and
puts every piece of text in with ``createTextNode``. A node is a string (text) or
``[tag, attributes, children]``.
"""

from __future__ import annotations

from functools import cache
from pathlib import PurePosixPath
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

TAGS = frozenset(
    ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code")
    + ("em", "strong", "s", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "img")
    + ("span",)
)
"""The only tags the page makes (the page checks again)."""

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})

Node = str | list[Any]


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def image_path(src: str) -> str | None:
    """``src`` as a path inside the module's folder, or None when it points elsewhere
    (a URL, an absolute path, ``..``) or is not an image."""
    if not src or ":" in src or src.startswith(("/", "\\")) or "\\" in src:
        return None
    path = PurePosixPath(src)
    if ".." in path.parts or path.suffix.lower() not in IMAGE_SUFFIXES:
        return None
    return str(path)


def _children(node: SyntaxTreeNode, session: str) -> list[Node]:
    found: list[Node] = []
    for child in node.children:
        found.extend(_node(child, session))
    return found


def _node(node: SyntaxTreeNode, session: str) -> list[Node]:
    kind = node.type
    if kind == "text":
        return [node.content] if node.content else []
    if kind in ("inline", "link") or (kind == "paragraph" and node.hidden):
        return _children(node, session)  # links: the words only, nothing to click
    if kind == "softbreak":
        return [" "]
    if kind == "hardbreak":
        return [["br", {}, []]]
    if kind == "code_inline":
        return [["code", {}, [node.content]]]
    if kind in ("fence", "code_block"):
        return [["pre", {}, [["code", {}, [node.content]]]]]
    if kind == "image":
        alt = "".join(n for n in _flat(_children(node, session)))
        path = image_path(str(node.attrs.get("src", "")))
        if path is None:
            return [alt] if alt else []
        return [["img", {"src": f"media/{session}/{path}", "alt": alt}, []]]
    tag = node.tag
    if tag in TAGS:
        return [[tag, {}, _children(node, session)]]
    return _children(node, session)


def _flat(nodes: list[Node]) -> list[str]:
    words: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            words.append(node)
        else:
            words.extend(_flat(node[2]))
    return words


def tree(markdown: str, session: str) -> list[Node]:
    """The nodes of ``markdown``; images point to ``media/<session>/<path>``."""
    root = SyntaxTreeNode(_parser().parse(markdown))
    return _children(root, session)
