"""The README's and the Makefile's commands are the ones that work."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from crosswire.cli import cli
from tests.helpers import REPO


def readme_commands() -> list[list[str]]:
    text = (REPO / "README.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    lines = [line.split("#")[0].strip() for block in blocks for line in block.splitlines()]
    return [shlex.split(line)[1:] for line in lines if line.startswith("crosswire ")]


def test_readme_opens_with_the_two_commands() -> None:
    first_block = re.search(r"```sh\n(.*?)```", (REPO / "README.md").read_text(), flags=re.S)
    assert first_block is not None
    assert [line.split()[:2] for line in first_block.group(1).splitlines()] == [
        ["make", "run"],
        ["make", "test"],
    ]


def test_every_readme_command_and_flag_exists() -> None:
    commands = readme_commands()
    assert len(commands) >= 6
    for args in commands:
        help_text = CliRunner().invoke(cli, [args[0], "--help"]).output
        assert "Usage:" in help_text, args
        for flag in (a for a in args if a.startswith("--")):
            assert flag in help_text, (args[0], flag)


def test_make_run_runs_on_the_examples(tmp_path: Path) -> None:
    makefile = (REPO / "Makefile").read_text()
    recipe = re.search(r"^run: install\n\t(.*)$", makefile, flags=re.M)
    assert recipe is not None
    args = shlex.split(recipe.group(1).replace("$(OUT)", str(tmp_path / "out")))
    assert args[0] == "$(BIN)/crosswire"
    result = CliRunner().invoke(cli, args[1:], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "report.html").is_file()
    assert "articles in the store" in result.output
