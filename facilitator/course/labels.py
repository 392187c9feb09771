"""Translated text and the labels of diagnostic answers and maturity levels: what reading
minutes needs of the course model, without its twenty dataclasses (12 ms to import; the
archive's collect imports this alone)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Text:
    """A string with its translations: ``Text("Coffee", {"fr": "Pause café"})``."""

    en: str
    other: tuple[tuple[str, str], ...] = ()

    def get(self, lang: str = "en") -> str:
        """The text in ``lang``, falling back to English."""
        for code, value in self.other:
            if code == lang:
                return value
        return self.en

    def has(self, lang: str) -> bool:
        """True when a translation into ``lang`` exists (English always does)."""
        return lang == "en" or any(code == lang for code, _ in self.other)

    def __str__(self) -> str:
        return self.en


ANSWER_LABELS: dict[str, Text] = {
    "yes": Text("Yes", (("fr", "Oui"),)),
    "partly": Text("Partly", (("fr", "En partie"),)),
    "no": Text("No", (("fr", "Non"),)),
    "na": Text("Not applicable", (("fr", "Sans objet"),)),
}

MATURITY_LABELS: tuple[Text, ...] = (
    Text("none", (("fr", "inexistant"),)),
    Text("initial", (("fr", "initial"),)),
    Text("developing", (("fr", "en développement"),)),
    Text("established", (("fr", "établi"),)),
    Text("embedded", (("fr", "ancré"),)),
)
