"""The wheel ships the grammars and schemas: install it into a fresh environment and parse the sample there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

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
    # The new environment sees the dependencies this test runs with (lark, lxml …) but not the checkout.
    # `system_site_packages` would give it the *base* interpreter's packages, which on a fresh machine
    # hold none of them; a .pth line naming this interpreter's package folders does not depend on
    # that. Lines of a .pth only extend sys.path (the folders' own .pth files, among them the
    # checkout's editable hook, are not run), and they come after the new site-packages, so the
    # installed wheel is the jxparse that is imported.
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=False, with_pip=True).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    new_site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                              check=True, capture_output=True, text=True, timeout=60).stdout.strip()
    ours = dict.fromkeys(sysconfig.get_path(key) for key in ("purelib", "platlib"))
    Path(new_site, "jxparse_test_dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
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
