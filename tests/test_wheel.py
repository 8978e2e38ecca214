"""The wheel ships the grammars and schemas: install it into a fresh environment and parse the sample there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv

import pytest

from conftest import ROOT, SAMPLE_TEXT


@pytest.mark.slow
def test_installed_wheel_parses_the_sample(tmp_path):
    wheel_dir = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheel_dir), str(ROOT)],
                   check=True, timeout=600)
    (wheel,) = wheel_dir.glob("jxparse-*.whl")
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    for packaged in ("jxparse/grammar/bulletin.lark", "jxparse/grammar/sections.lark", "jxparse/grammar/entities.lark",
                     "jxparse/grammar/zh_common.lark", "jxparse/schemas/jxparse.xsd",
                     "jxparse/schemas/jxparse.schema.json"):
        assert packaged in names, packaged
    # The new environment sees this machine's packages (lark, lxml …) but not the checkout.
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)], check=True, timeout=600)
    work = tmp_path / "elsewhere"
    work.mkdir()
    script = ("import jxparse, json, sys; b = jxparse.parse_file(sys.argv[1]); "
              "print(json.dumps([jxparse.__file__, len(b.documents)]))")
    result = subprocess.run([str(python), "-c", script, str(SAMPLE_TEXT)], cwd=work, check=True,
                            capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": ""})
    location, documents = json.loads(result.stdout)
    assert str(env_dir) in location and documents == 6
    cli = env_dir / "bin" / "jxparse"
    converted = subprocess.run([str(cli), "convert", str(SAMPLE_TEXT), "-t", "json"], cwd=work, check=True,
                               capture_output=True, text=True, timeout=600)
    assert json.loads(converted.stdout)["documents"][0]["doc_number"]["serial"] == 15
