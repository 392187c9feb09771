"""The catalog reports every problem with its file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from facilitator.course import catalog
from facilitator.course.model import Kind

MODULE = "\n---\n".join(f"# Slide {n}\n\nPoint {n}\n\n::: notes\nSay {n}\n:::" for n in range(1, 6))

BANK = """\
id = "bank"
title = "Bank"

[[areas]]
id = "legal"
title = "Legal"

[[questions]]
id = "Q-1"
area = "legal"
text = "Is there a law?"
weaknesses = ["No law"]
solutions = ["Write one"]
"""

PROGRAMME = """\
id = "prog"
family = "fam"
title = "Programme"

[[days]]
title = "Day one"
start = "09:00"
end = "10:30"

[[days.sessions]]
id = "intro"
title = "Introduction"
kind = "content"
minutes = 45
module = "fam/intro.md"

[[days.sessions]]
id = "round"
title = "Diagnostic"
kind = "diagnostic"
minutes = 30
bank = "bank"
questions = ["Q-1"]
"""


def make_root(
    tmp_path: Path, programme: str = PROGRAMME, bank: str = BANK, module: str = MODULE
) -> Path:
    (tmp_path / "sessions").mkdir()
    (tmp_path / "content" / "fam").mkdir(parents=True)
    (tmp_path / "content" / "diagnostics").mkdir()
    (tmp_path / "sessions" / "prog.toml").write_text(textwrap.dedent(programme))
    (tmp_path / "content" / "diagnostics" / "bank.toml").write_text(bank)
    (tmp_path / "content" / "fam" / "intro.md").write_text(module)
    return tmp_path


def problems(tmp_path: Path, **files: str) -> list[str]:
    _, found = catalog.scan(make_root(tmp_path, **files))
    return [str(p) for p in found]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_valid_programme_loads(tmp_path: Path) -> None:
    cat = catalog.load(make_root(tmp_path))
    prog = cat.programme("prog")
    assert [s.id for s in prog.sessions()] == ["intro", "round"]
    assert prog.session("intro").kind is Kind.CONTENT
    assert len(prog.session("intro").module.slides) == 5
    assert prog.session("intro").module.slides[0].notes == "Say 1"
    assert [q.id for q in prog.session("round").questions] == ["Q-1"]


def test_unknown_key_names_file_and_line(tmp_path: Path) -> None:
    text = PROGRAMME.replace("minutes = 45\n", "minutes = 45\nminuts = 3\n")
    found = problems(tmp_path, programme=text)
    assert found == [
        f"sessions/prog.toml:{line_of(text, 'minuts')}: unknown key 'minuts' "
        "(known keys: bank, id, kind, min_minutes, minutes, module, movable, objectives, "
        "optional, questions, title, trainers)"
    ]


def test_missing_module_file(tmp_path: Path) -> None:
    text = PROGRAMME.replace("fam/intro.md", "fam/nowhere.md")
    found = problems(tmp_path, programme=text)
    assert found == [
        f"sessions/prog.toml:{line_of(text, 'nowhere')}: module file "
        "content/fam/nowhere.md does not exist"
    ]


def test_unknown_question_id(tmp_path: Path) -> None:
    text = PROGRAMME.replace('["Q-1"]', '["Q-1", "Q-9"]')
    found = problems(tmp_path, programme=text)
    assert found == [
        f"sessions/prog.toml:{line_of(text, 'Q-9')}: unknown question id 'Q-9' in bank 'bank'"
    ]


def test_duplicate_session_id(tmp_path: Path) -> None:
    text = PROGRAMME.replace('id = "round"', 'id = "intro"')
    found = problems(tmp_path, programme=text)
    first = line_of(text, 'id = "intro"')
    second = [i for i, line in enumerate(text.splitlines(), 1) if 'id = "intro"' in line][1]
    assert found == [
        f"sessions/prog.toml:{second}: duplicate session id 'intro' (first used on line {first})"
    ]


def test_duplicate_question_id(tmp_path: Path) -> None:
    bank = BANK + BANK[BANK.index("[[questions]]") :]
    found = problems(tmp_path, bank=bank)
    second = [i for i, line in enumerate(bank.splitlines(), 1) if 'id = "Q-1"' in line][1]
    assert found == [f"content/diagnostics/bank.toml:{second}: duplicate question id 'Q-1'"]


@pytest.mark.parametrize("minutes", [0, -5])
def test_zero_or_negative_minutes(tmp_path: Path, minutes: int) -> None:
    text = PROGRAMME.replace("minutes = 30", f"minutes = {minutes}")
    found = problems(tmp_path, programme=text)
    assert found == [
        f"sessions/prog.toml:{line_of(text, f'minutes = {minutes}')}: "
        f"minutes must be above zero, got {minutes}"
    ]


def test_day_running_past_its_end(tmp_path: Path) -> None:
    text = PROGRAMME.replace('end = "10:30"', 'end = "10:00"')
    found = problems(tmp_path, programme=text)
    session_line = [
        i for i, line in enumerate(text.splitlines(), 1) if "[[days.sessions]]" in line
    ][1]
    assert found == [
        f"sessions/prog.toml:{session_line}: day 1 runs past its end 10:00: "
        "session 'round' ends at 10:15"
    ]


def test_day_end_after_latest_end(tmp_path: Path) -> None:
    text = PROGRAMME.replace('end = "10:30"', 'end = "18:30"')
    found = problems(tmp_path, programme=text)
    assert found == [
        f"sessions/prog.toml:{line_of(text, '18:30')}: day 1 ends at 18:30, "
        "later than latest_end 18:00"
    ]


def test_toml_syntax_error_has_its_line(tmp_path: Path) -> None:
    text = PROGRAMME.replace('kind = "content"', 'kind = content"')
    found = problems(tmp_path, programme=text)
    assert len(found) == 1
    assert found[0].startswith(
        f"sessions/prog.toml:{line_of(text, 'kind = content')}: not valid TOML"
    )


def test_bad_kind_and_time(tmp_path: Path) -> None:
    text = PROGRAMME.replace('kind = "content"', 'kind = "lecture"').replace('"09:00"', '"9am"')
    found = problems(tmp_path, programme=text)
    assert (
        f"sessions/prog.toml:{line_of(text, '9am')}: 'start' must be a time written HH:MM, got '9am'"
        in found
    )
    assert any(
        p.startswith(f"sessions/prog.toml:{line_of(text, 'lecture')}: unknown kind 'lecture'")
        for p in found
    )


def test_every_error_is_reported_not_only_the_first(tmp_path: Path) -> None:
    text = (
        PROGRAMME.replace("minutes = 45", "minutes = 0")
        .replace('["Q-1"]', '["Q-7"]')
        .replace('title = "Diagnostic"', 'title = "Diagnostic"\ncolour = "red"')
    )
    found = problems(tmp_path, programme=text)
    assert len(found) == 3
    assert [int(p.split(":")[1]) for p in found] == sorted(
        [line_of(text, "minutes = 0"), line_of(text, "colour"), line_of(text, "Q-7")]
    )


def test_content_session_needs_five_slides(tmp_path: Path) -> None:
    short = "# One\n\ntext\n---\n# Two\n\ntext\n"
    found = problems(tmp_path, module=short)
    assert found == [
        f"sessions/prog.toml:{line_of(PROGRAMME, 'fam/intro.md')}: content session "
        "'intro' has 2 slides in fam/intro.md; it needs at least 5"
    ]


def test_unclosed_notes_and_empty_slide(tmp_path: Path) -> None:
    module = MODULE + "\n---\n::: notes\nonly notes\n:::\n---\n# Last\n::: notes\nnever closed\n"
    found = problems(tmp_path, module=module)
    lines = module.splitlines()
    empty_start = [i for i, line in enumerate(lines, 1) if line == "---"][4] + 1
    open_line = [i for i, line in enumerate(lines, 1) if line == "::: notes"][-1]
    assert found == [
        f"content/fam/intro.md:{empty_start}: slide 6 has no visible text",
        f"content/fam/intro.md:{open_line}: '::: notes' is not closed by ':::' before the slide ends",
    ]


def test_separator_inside_code_fence_does_not_split(tmp_path: Path) -> None:
    module = MODULE + "\n---\n# Code\n\n```\na\n---\nb\n```\n"
    cat = catalog.load(make_root(tmp_path, module=module))
    slides = cat.modules["fam/intro.md"].slides
    assert len(slides) == 6
    assert "---" in slides[-1].body


def test_translation_list_length_mismatch(tmp_path: Path) -> None:
    bank = BANK.replace(
        'weaknesses = ["No law"]', 'weaknesses = ["No law"]\nweaknesses_fr = ["a", "b"]'
    )
    found = problems(tmp_path, bank=bank)
    assert found == [
        f"content/diagnostics/bank.toml:{line_of(bank, 'weaknesses_fr')}: "
        "weaknesses_fr has 2 items but weaknesses has 1"
    ]


def test_missing_translations_are_listed_not_errors(tmp_path: Path) -> None:
    cat, found = catalog.scan(make_root(tmp_path))
    assert found == []
    missing = [str(p) for p in cat.missing_translations("fr")]
    title_line = line_of(PROGRAMME, 'title = "Programme"')
    assert f"sessions/prog.toml:{title_line}: no title_fr" in missing
    assert any(m.startswith("content/fam/intro.md:1: no fr version") for m in missing)


def _with_french(tmp_path: Path, french: str, name: str = "intro.md") -> Path:
    root = make_root(tmp_path)
    (root / "content" / "fr" / "fam").mkdir(parents=True)
    (root / "content" / "fr" / "fam" / name).write_text(french)
    return root


def _after_last_rule(text: str) -> int:
    """The line that starts the last slide of ``text``."""
    return [i for i, line in enumerate(text.splitlines(), 1) if line == "---"][-1] + 1


def test_translated_module_keeps_the_slides_one_for_one(tmp_path: Path) -> None:
    longer = MODULE + "\n---\n# Diapositive en trop\n\ntexte\n"
    _, found = catalog.scan(_with_french(tmp_path, longer))
    extra = _after_last_rule(longer)
    assert [str(p) for p in found] == [
        f"content/fr/fam/intro.md:{extra}: slide 6 has no match: content/fam/intro.md "
        "has 5 slides, this translation 6"
    ]


def test_translated_module_with_too_few_slides(tmp_path: Path) -> None:
    shorter = MODULE.rsplit("\n---\n", 1)[0]
    _, found = catalog.scan(_with_french(tmp_path, shorter))
    last = _after_last_rule(shorter)
    assert [str(p) for p in found] == [
        f"content/fr/fam/intro.md:{last}: content/fam/intro.md has 5 slides, "
        "this translation only 4"
    ]


def test_translation_without_an_original_is_reported(tmp_path: Path) -> None:
    _, found = catalog.scan(_with_french(tmp_path, MODULE, name="intro-typo.md"))
    assert [str(p) for p in found] == [
        "content/fr/fam/intro-typo.md:1: translates content/fam/intro-typo.md, which does not exist"
    ]


def test_french_module_is_shown_under_lang_fr(tmp_path: Path) -> None:
    french = MODULE.replace("# Slide", "# Diapositive")
    cat = catalog.load(_with_french(tmp_path, french))
    module = cat.modules["fam/intro.md"]
    assert module.slides_in("fr")[0].title == "Diapositive 1"
    assert module.slides_in("en")[0].title == "Slide 1"
    assert not [p for p in cat.missing_translations("fr") if "intro.md" in p.path]


def test_french_falls_back_to_english(tmp_path: Path) -> None:
    text = PROGRAMME.replace(
        'title = "Introduction"', 'title = "Introduction"\ntitle_fr = "Ouverture"'
    )
    cat = catalog.load(make_root(tmp_path, programme=text))
    prog = cat.programme("prog")
    assert prog.session("intro").title.get("fr") == "Ouverture"
    assert prog.session("round").title.get("fr") == "Diagnostic"


def test_load_for_ignores_problems_in_other_programmes(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "sessions" / "other.toml").write_text(
        'id = "other"\nfamily = "x"\ntitle = "Other"\nbogus = 1\n'
    )
    cat, others = catalog.load_for(root, "prog")
    assert cat.programme("prog").id == "prog"
    assert [str(p) for p in others] == [
        "sessions/other.toml:1: a programme needs at least one [[days]] entry",
        "sessions/other.toml:4: unknown key 'bogus' (known keys: assessment, days, family, id, interpretation, language, latest_end, title)",
    ]
    with pytest.raises(catalog.CatalogError) as info:
        catalog.load_for(root, "other")
    assert len(info.value.problems) == 2
    with pytest.raises(KeyError, match="unknown programme 'nope'"):
        catalog.load_for(root, "nope")


@pytest.mark.parametrize("load", [catalog.load_for, catalog.load_one], ids=["for", "one"])
def test_load_for_fails_on_its_own_module(tmp_path: Path, load) -> None:
    root = make_root(tmp_path, module="# only\n\n::: notes\nnever closed\n")
    with pytest.raises(catalog.CatalogError) as info:
        load(root, "prog")
    assert {p.path for p in info.value.problems} == {"content/fam/intro.md", "sessions/prog.toml"}


def test_module_front_matter_states_its_minutes(tmp_path: Path) -> None:
    front = "+++\nminutes = 45\n+++\n"
    root = make_root(tmp_path, module=front + MODULE)
    loaded = catalog.load(root)
    module = loaded.modules["fam/intro.md"]
    assert module.planned_minutes("prog") == 45
    assert module.slides[0].body.startswith("# Slide 1")
    assert module.slides[0].line == 4  # slide lines count the front matter


def test_module_minutes_that_contradict_the_programme(tmp_path: Path) -> None:
    front = "+++\n[minutes]\nprog = 60\nother = 45\n+++\n"
    found = problems(tmp_path, module=front + MODULE)
    line = line_of(PROGRAMME, "minutes = 45")
    assert found == [
        f"sessions/prog.toml:{line}: session 'intro' gives 45 min to content/fam/intro.md, "
        "whose front matter says it is written for 60 min; change one of them"
    ]


def test_module_front_matter_errors_name_their_line(tmp_path: Path) -> None:
    front = "+++\nminutes = 45\nlength = 3\n+++\n"
    assert problems(tmp_path, module=front + MODULE) == [
        "content/fam/intro.md:3: unknown key 'length' (known keys: minutes)"
    ]
    unclosed = "+++\nminutes = 45\n" + MODULE
    (tmp_path / "b").mkdir()
    found = problems(tmp_path / "b", module=unclosed)
    assert "content/fam/intro.md:1: the +++ front matter is never closed by a +++ line" in found


def test_materials_are_documents_not_modules(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "content" / "materials").mkdir()
    (root / "content" / "materials" / "glossary.md").write_text("# Glossary\n\nno slides here\n")
    assert "materials/glossary.md" not in catalog.load(root).modules


def test_maturity_anchors_need_one_line_per_level(tmp_path: Path) -> None:
    good = BANK + 'anchors = ["none", "a", "b", "c", "full"]\n'
    root = make_root(tmp_path, bank=good)
    question = catalog.load(root).banks["bank"].questions[0]
    assert question.anchors.get("en")[4] == "full"
    bad = BANK + 'anchors = ["none", "some"]\n'
    line = len(bad.splitlines())
    (tmp_path / "b").mkdir()
    assert problems(tmp_path / "b", bank=bad) == [
        f"content/diagnostics/bank.toml:{line}: 'anchors' needs one line per maturity level, "
        "0 to 4 (5 lines); it has 2"
    ]


def test_module_used_by_two_sessions_of_one_programme(tmp_path: Path) -> None:
    twice = PROGRAMME.replace(
        'minutes = 30\nbank = "bank"',
        'minutes = 15\nmodule = "fam/intro.md"\n\n[[days.sessions]]\nid = "round"\ntitle = "R"\n'
        'kind = "diagnostic"\nminutes = 15\nbank = "bank"',
    ).replace(
        'id = "round"\ntitle = "Diagnostic"\nkind = "diagnostic"',
        'id = "again"\ntitle = "Again"\nkind = "content"',
    )
    assert (
        problems(
            tmp_path, programme=twice, module="+++\n[minutes]\nprog = [45, 15]\n+++\n" + MODULE
        )
        == []
    )
    (tmp_path / "b").mkdir()
    found = problems(
        tmp_path / "b", programme=twice, module="+++\n[minutes]\nprog = [45, 20]\n+++\n" + MODULE
    )
    assert found == [
        f"sessions/prog.toml:{line_of(twice, 'minutes = 15')}: session 'again' gives 15 min to "
        "content/fam/intro.md, whose front matter says it is written for 20 min; change one of them"
    ]
    (tmp_path / "c").mkdir()
    found = problems(tmp_path / "c", module="+++\n[minutes]\nprog = [45, 15]\n+++\n" + MODULE)
    assert found == [
        "sessions/prog.toml:1: content/fam/intro.md gives minutes for 2 sessions of prog in its "
        "front matter, but only 1 use it"
    ]


def test_load_one_reads_only_what_the_programme_uses(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "sessions" / "other.toml").write_text('id = "other"\nbogus = 1\n')
    (root / "content" / "elsewhere").mkdir()
    (root / "content" / "elsewhere" / "broken.md").write_text("::: notes\nnever closed\n")
    full, others = catalog.load_for(root, "prog")
    one, none = catalog.load_one(root, "prog")
    assert one.programme("prog") == full.programme("prog")
    assert set(one.programmes) == {"prog"} and "elsewhere/broken.md" not in one.modules
    assert set(one.modules) < set(full.modules) and none == [] and others
    with pytest.raises(KeyError, match="unknown programme 'nope'"):
        catalog.load_one(root, "nope")
