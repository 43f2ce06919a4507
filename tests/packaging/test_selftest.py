"""`huiwu --self-test` from source: the same steps the frozen bundle runs in CI (R23)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import selftest
from core.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
EXPECTED_STEPS = ["创建加密文件", "写入演示数据", "纪要 PDF", "纪要页面", "纪要 DOCX", "纪要 OFD", "文件检查", "数据库驱动", "文件加密",
                  "明文钥匙串", "钥匙串后端", "reportlab 版本", "不依赖界面"]


@pytest.fixture(scope="module")
def report() -> dict:  # type: ignore[type-arg]
    """One run in a fresh interpreter (the test session has Qt loaded; the command has not)."""
    env = {k: v for k, v in os.environ.items() if k != "HUIWU_STATE_DIR"}
    done = subprocess.run([sys.executable, "-m", "core.cli", "--self-test", "json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    data: dict = json.loads(done.stdout)  # type: ignore[type-arg]
    return data


def test_every_step_runs_and_passes(report: dict) -> None:  # type: ignore[type-arg]
    assert report["ok"] is True
    assert [s["name"] for s in report["steps"]] == EXPECTED_STEPS
    assert all(s["ok"] for s in report["steps"]), report["steps"]


def test_facts_prove_sqlcipher_and_no_plaintext_keyring(report: dict) -> None:  # type: ignore[type-arg]
    facts = report["facts"]
    assert facts["driver"].startswith("sqlcipher3")
    assert facts["cipher_version"].startswith("4.")
    assert facts["header_plaintext"] is False
    assert facts["keyrings_alt"] is None
    assert selftest._version_tuple(facts["reportlab"]) >= (3, 6, 13)
    assert facts["pdfium"].startswith("pypdfium2 5.")  # the preview's and printing's page renderer
    assert facts["frozen"] is False
    assert facts["stdlib_sqlite3_present"] is True  # from source; the bundle leaves it out (checked in CI)


def test_demo_history_has_issued_minutes(report: dict) -> None:  # type: ignore[type-arg]
    fill = next(s for s in report["steps"] if s["name"] == "写入演示数据")
    assert "已印发 0）" not in fill["detail"]
    pdf = next(s for s in report["steps"] if s["name"] == "纪要 PDF")
    assert "已印发" in pdf["detail"] and "字体已嵌入" in pdf["detail"]
    # Well inside the budget that keeps CI's bundle check short (about 15 s here; CI runs it beside bench-data).
    assert sum(s["seconds"] for s in report["steps"]) < 60


def test_text_output_one_chinese_line_per_step(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    def fake_steps(result: selftest.SelfTest, folder: Path, emit) -> None:  # type: ignore[no-untyped-def]
        assert os.environ["HUIWU_STATE_DIR"].startswith(str(folder))  # no trace in the real state folder
        result.step("甲", lambda: "好", emit=emit)
        result.step("乙", lambda: "也好", emit=emit)

    monkeypatch.setattr(selftest, "_run_steps", fake_steps)
    monkeypatch.setenv("HUIWU_STATE_DIR", "/nonexistent/state")
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("✓ 甲：好") and out[1].startswith("✓ 乙：也好")
    assert out[-1] == "自检通过：2/2 项通过。"
    assert os.environ["HUIWU_STATE_DIR"] == "/nonexistent/state"  # restored


def test_a_failed_step_fails_the_run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def broken() -> str:
        raise RuntimeError("坏了")

    def refused() -> str:
        raise selftest.StepFailed("文件头是明文")

    def fake_steps(result: selftest.SelfTest, folder: Path, emit) -> None:  # type: ignore[no-untyped-def]
        result.step("好的", lambda: "好", emit=emit)
        result.step("坏的", broken, emit=emit)
        result.step("拒绝", refused, emit=emit)

    monkeypatch.setattr(selftest, "_run_steps", fake_steps)
    assert selftest.run(json_output=True) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert [s["ok"] for s in data["steps"]] == [True, False, False]
    assert data["steps"][1]["detail"] == "RuntimeError：坏了"
    assert data["steps"][2]["detail"] == "文件头是明文"


def test_no_steps_is_not_a_pass(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(selftest, "_run_steps", lambda result, folder, emit: None)
    assert selftest.run() == 1
    assert "自检未通过" in capsys.readouterr().out


def test_stop_after_and_versions() -> None:
    stop = selftest._stop_after(3)
    stop(2, 10)
    with pytest.raises(selftest._Enough):
        stop(3, 10)
    assert selftest._version_tuple("5.1.0") == (5, 1, 0)
    assert selftest._version_tuple("3.6.13a1") == (3, 6, 13)
    assert selftest._version_tuple("3.6.12") < selftest.REPORTLAB_MINIMUM
