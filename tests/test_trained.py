"""config/trained.py: a model is built once per machine, loaded by every other process, and rebuilt when what
makes it changes."""

from pathlib import Path

from config.trained import Trained


def trained(tmp_path: Path, calls: list, *, directory: Path | None = None) -> Trained:
    def build():
        calls.append(1)
        return {"weights": [0.5, 0.25], "built": len(calls)}

    return Trained("demo", lambda: sorted(tmp_path.glob("*.json")), build, code=Path(__file__),
                   directory=directory or tmp_path / "models")  # fmt: skip


def test_the_first_process_builds_and_the_next_loads_its_file(tmp_path):
    (tmp_path / "set.json").write_text('{"answers": []}')
    calls = []
    first = trained(tmp_path, calls).get()
    second = trained(tmp_path, calls).get()  # another process: a new object, the same files
    assert calls == [1] and second == first == {"weights": [0.5, 0.25], "built": 1}
    assert [p.suffix for p in (tmp_path / "models").glob("demo-*")] in ([".pickle", ".lock"], [".lock", ".pickle"])


def test_a_changed_training_file_gives_a_new_model_and_the_old_file_goes(tmp_path):
    source = tmp_path / "set.json"
    source.write_text('{"answers": []}')
    calls = []
    old = trained(tmp_path, calls)
    old.get()
    old_path = old.path()
    source.write_text('{"answers": [{"answer": "new"}]}')
    new = trained(tmp_path, calls)
    assert new.path() != old_path
    assert new.get()["built"] == 2 and not old_path.exists() and new.path().exists()


def test_a_damaged_file_is_rebuilt_and_an_unwritable_directory_only_costs_a_build(tmp_path):
    (tmp_path / "set.json").write_text("{}")
    calls = []
    model = trained(tmp_path, calls)
    model.path().parent.mkdir(parents=True)
    model.path().write_bytes(b"not a pickle")
    assert model.get()["built"] == 1 and trained(tmp_path, calls).get()["built"] == 1
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    assert trained(tmp_path, calls, directory=blocked / "models").get()["built"] == 2


def test_a_changed_module_of_the_features_gives_a_new_model(tmp_path):
    """A model whose features read rules in another module (the interviewer's asks classify.py whether a question
    asks for a fact) is rebuilt when that module changes, not only its own."""
    (tmp_path / "set.json").write_text('{"answers": []}')
    rules = tmp_path / "rules.py"
    rules.write_text("FACT = 'how many'\n")

    def model() -> Trained:
        return Trained("demo", lambda: sorted(tmp_path.glob("*.json")), dict, code=(Path(__file__), rules),
                       directory=tmp_path / "models")  # fmt: skip

    before = model().path()
    rules.write_text("FACT = r'how many\\b'\n")
    assert model().path() != before
