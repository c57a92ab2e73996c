"""What PyPI shows: the license, the project's links, the Python versions, and a README whose links work there."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
REPO = "https://github.com/inference-doctor/inference-doctor"


def _pyproject() -> dict[str, Any]:
    if sys.version_info < (3, 11):
        pytest.skip("tomllib is in the standard library from Python 3.11 on")
    import tomllib

    project: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project


def test_license_file_is_the_mit_license_the_metadata_declares():
    """LICENSE holds the MIT text with the authors' name, as `license = "MIT"` in pyproject.toml declares."""
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert re.search(r"^Copyright \(c\) \d{4} inference-doctor developers$", text, re.MULTILINE)
    assert "Permission is hereby granted, free of charge" in text
    project = _pyproject()
    assert project["license"] == "MIT"
    assert project["authors"] == [{"name": "inference-doctor developers"}]


def test_project_urls_point_to_the_one_repository():
    """Documentation, Source and Issues are all given, and all on the project's own repository."""
    urls = _pyproject()["urls"]
    assert set(urls) >= {"Documentation", "Source", "Issues"}
    assert urls["Source"] == REPO
    assert urls["Issues"] == f"{REPO}/issues"
    assert urls["Documentation"].startswith(f"{REPO}/")


def test_python_classifiers_run_from_the_oldest_supported_to_the_newest_tested():
    """The classifiers name every minor version from requires-python's floor to 3.13, and no other."""
    project = _pyproject()
    floor = re.fullmatch(r">=3\.(\d+)", project["requires-python"])
    assert floor, project["requires-python"]
    named = sorted(
        int(c.rsplit(".", 1)[1])
        for c in project["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    )
    assert named == list(range(int(floor.group(1)), 14))


def test_readme_links_are_absolute():
    """Every link in the README is absolute (PyPI shows the README where relative links lead nowhere)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", readme)
    assert len(targets) > 40  # the scenario table alone has one link per id
    relative = [t for t in targets if not t.startswith("https://")]
    assert relative == []


def test_readme_links_into_the_repository_name_files_that_exist():
    """Each README link into the repository's main branch names a file or folder that is in this tree."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paths = re.findall(rf"\]\({re.escape(REPO)}/(?:blob|tree)/main/([^)#\s]+)", readme)
    assert paths
    missing = sorted({p for p in paths if not (ROOT / p).exists()})
    assert missing == []
