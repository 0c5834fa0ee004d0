import pytest

from classifier.errors import InputError
from classifier.labelling.guidelines import DEFAULT_GUIDELINES, guidelines_path, read_guidelines
from classifier.schema import LABELS

from ..conftest import REPO


def test_the_projects_guidelines_have_a_section_per_label():
    sections = read_guidelines(REPO / DEFAULT_GUIDELINES)
    assert sorted(sections) == sorted(LABELS)
    assert sections["reporting"].startswith("The journalist's own account")
    # A section stops at the next heading, whatever its level.
    assert "Mixed sentences" not in sections["boilerplate"]


def test_missing_file_gives_no_guidelines(tmp_path):
    assert read_guidelines(tmp_path / "none.md") == {}


def test_config_names_the_file_relative_to_itself(tmp_path):
    config = tmp_path / "label.toml"
    assert guidelines_path(config) == DEFAULT_GUIDELINES  # no config file
    config.write_text('guidelines = "g.md"\n[keys]\nquit = "z"\n', encoding="utf-8")
    assert guidelines_path(config) == tmp_path / "g.md"
    config.write_text("guidelines = 3\n", encoding="utf-8")
    with pytest.raises(InputError, match="guidelines must be a path"):
        guidelines_path(config)
