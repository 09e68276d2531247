"""The set-up files agree with each other, and the Lab command stays safe."""

import json
import re
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")
yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parent.parent


def _split(requirement):
    name, _, version = re.match(r"([A-Za-z0-9_.\-]+)\s*(>=)?\s*([^\s;]*)", requirement).groups()
    return name.lower().replace("_", "-"), version


def test_environment_yml_lists_exactly_the_pyproject_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_side = dict(_split(r) for r in project["dependencies"])
    for name, extra in project["optional-dependencies"].items():
        if name != "bench":  # PyTorch, for one comparison in `make bench`: not part of the lessons
            pip_side.update(_split(r) for r in extra)
    conda = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert conda["channels"] == ["conda-forge"]
    conda_side = dict(_split(d) for d in conda["dependencies"] if isinstance(d, str))
    assert conda_side.pop("python") == "3.10"
    assert project["requires-python"] == ">=3.10"
    conda_side.pop("pip")
    assert conda_side == pip_side


def test_every_conda_dependency_says_why_it_is_there():
    dependencies = (ROOT / "environment.yml").read_text().split("dependencies:", 1)[1]
    for line in dependencies.splitlines():
        if re.match(r"\s+- [a-z]", line) and not re.match(r"\s+- (python|pip)\b", line):
            assert "#" in line, f"no comment on: {line.strip()}"


LAB_FILES = ["Makefile", "README.md"]
# An empty token, given as `token=''`, `token=` or `token ''`.
TOKEN_DISABLED = re.compile(r"""token\s*=\s*(''|""|\s|$)|token\s+(''|"")""", re.M)
# 0.0.0.0, *, :: or the empty string, which Jupyter also takes for every interface; quoted or not.
ALL_INTERFACES = re.compile(r"""\bip\s*[= ]\s*['"]?(0\.0\.0\.0|\*|::|\[::\])|\bip\s*=\s*(''|""|\s|$)""", re.M)
UNSAFE_ORIGIN = re.compile(r"""disable_check_xsrf|allow_origin\s*=\s*['"]?\*""")


@pytest.mark.parametrize("name", LAB_FILES)
def test_lab_command_keeps_the_token_and_binds_to_localhost(name):
    text = (ROOT / name).read_text()
    assert not TOKEN_DISABLED.search(text), f"{name} disables the Lab token"
    assert not ALL_INTERFACES.search(text), f"{name} binds to all interfaces"
    assert not UNSAFE_ORIGIN.search(text)


@pytest.mark.parametrize(
    "line",
    [
        "jupyter lab --ServerApp.token=''",
        'jupyter lab --IdentityProvider.token="" --no-browser',
        "jupyter lab --NotebookApp.token= --no-browser",
        "jupyter lab --ServerApp.token ''",
        "c.ServerApp.token = ''",
    ],
)
def test_token_check_catches_an_empty_token(line):
    assert TOKEN_DISABLED.search(line)


@pytest.mark.parametrize(
    "line",
    [
        "jupyter lab --ip=0.0.0.0",
        "jupyter lab --ServerApp.ip='*'",
        'jupyter lab --ServerApp.ip="0.0.0.0"',
        "jupyter lab --ip :: --no-browser",
        "jupyter lab --ServerApp.ip=''",
        "c.ServerApp.ip = '0.0.0.0'",
    ],
)
def test_interface_check_catches_every_way_to_bind_all_interfaces(line):
    assert ALL_INTERFACES.search(line)


@pytest.mark.parametrize(
    "line",
    [
        "jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=8888 --ServerApp.root_dir=notebooks",
        "keeps Jupyter's token authentication: open the link with `?token=…` that it prints",
    ],
)
def test_lab_checks_pass_a_safe_command(line):
    assert not TOKEN_DISABLED.search(line) and not ALL_INTERFACES.search(line)


def test_make_lab_binds_to_127_0_0_1():
    lab_recipe = re.search(r"^lab:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M).group(1)
    assert "jupyter lab" in lab_recipe and "--ServerApp.ip=127.0.0.1" in lab_recipe


def _lab_app_settings_dir():
    """The folder ``make lab`` gives Lab with ``--LabApp.app_settings_dir``, relative to the project."""
    makefile = (ROOT / "Makefile").read_text()
    lab_recipe = re.search(r"^lab:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    given = re.search(r"--LabApp\.app_settings_dir=(\S+)", lab_recipe)
    assert given, "make lab does not give Lab the series' settings overrides"
    variables = dict(re.findall(r"^(\w+)\s*:?=\s*(.*?)\s*$", makefile, re.M))
    return ROOT / re.sub(r"\$\((\w+)\)", lambda name: variables[name.group(1)], given.group(1))


def test_make_lab_turns_off_the_news_question_and_the_update_check_from_the_project():
    settings_dir = _lab_app_settings_dir()
    assert settings_dir.resolve().is_relative_to(ROOT.resolve()), "the overrides must be the project's, not the user's"
    overrides = json.loads((settings_dir / "overrides.json").read_text(encoding="utf-8"))
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}


def test_make_test_lints_first():
    makefile = (ROOT / "Makefile").read_text()
    lint = re.search(r"^lint:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "ruff check" in lint and "ruff format --check" in lint
    assert re.search(r"^test:.*\blint\b", makefile, re.M)


def test_ci_calls_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make lab" in readme
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(), re.M)
