"""Build hook: the built-in course goes into the wheel as package data.

The course is edited where it always was, in ``sessions/`` and ``content/`` at
the top of the checkout; building the wheel copies both into
``facilitator/builtin/``, where :func:`facilitator.paths.builtin_course` finds
them. Nothing is kept twice in git. Everything else is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
COURSE = ("sessions", "content")


class BuildWithCourse(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "facilitator" / "builtin"
        for name in COURSE:
            if (HERE / name).is_dir():
                shutil.copytree(HERE / name, target / name, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithCourse})
