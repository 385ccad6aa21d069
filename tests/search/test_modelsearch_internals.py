"""The search ranking's use of modelsearch internals is checked against the installed
version, and says what to re-read when they part."""

from search import modelsearch_internals


def test_the_installed_modelsearch_is_the_one_the_ranking_was_written_for(db):
    # Fails on an upgrade of modelsearch until someone re-reads what the module lists.
    assert modelsearch_internals.check_modelsearch() == []


def test_another_version_is_a_warning_that_says_what_to_re_read(db, monkeypatch):
    monkeypatch.setattr(modelsearch_internals, "TESTED_VERSION", (0, 9))
    [warning] = modelsearch_internals.check_modelsearch()
    assert warning.id == "search.W001"
    assert "written against modelsearch 0.9" in warning.msg
    assert "search/modelsearch_internals.py" in warning.hint


def test_a_name_that_is_gone_is_an_error(db, monkeypatch):
    required = {
        vendor: [*names, ("modelsearch.utils", "renamed_helper")]
        for vendor, names in modelsearch_internals.REQUIRED.items()
    }
    monkeypatch.setattr(modelsearch_internals, "REQUIRED", required)
    [error] = modelsearch_internals.check_modelsearch()
    assert error.id == "search.E001"
    assert "modelsearch.utils.renamed_helper" in error.msg
