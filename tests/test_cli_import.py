"""``afpak-coder import`` run as a user runs it: the report, exit status, batch fields."""

import subprocess
import sys
from pathlib import Path

import pandas as pd

import afpak_coder

sys.path.insert(0, str(Path(__file__).parent / "core" / "importing"))
from import_file_makers import ARTICLE, make_docx, make_html, make_pdf  # noqa: E402


def run_cli(*arguments):
    return subprocess.run([sys.executable, "-m", "afpak_coder", *map(str, arguments)],
                          capture_output=True, text=True, timeout=300)


def test_import_a_folder_with_batch_fields_and_a_bad_file(tmp_path):
    project_path = tmp_path / "study.afpak"
    afpak_coder.create_project(project_path).close()
    folder = tmp_path / "incoming"
    folder.mkdir()
    make_html(folder / "talks.html", title="Talks resume in Doha", paragraphs=ARTICLE.split("\n\n"))
    make_docx(folder / "brief.docx", ["Brief body. " + ARTICLE], title="Word brief")
    make_pdf(folder / "digest.pdf", [["PDF digest on trade", "Body of the digest."]])
    (folder / "broken.docx").write_text("not a zip", encoding="utf-8")
    (folder / "logo.png").write_bytes(b"\x89PNG")
    result = run_cli("import", project_path, folder, "--outlet", "Regional Desk", "--genre", "analysis",
                     "--var", "outlet_country=Pakistan", "--var", "wave=2")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "3 imported, 0 skipped as duplicate, 1 failed, 1 not in a supported format"
    assert f"failed     {folder / 'broken.docx'}: is not a Word document (not a zip package)" in lines
    assert "skipped    logo.png: not a supported format (.png)" in lines
    assert "Traceback" not in result.stderr
    with afpak_coder.open_project(project_path) as project:
        documents = project.documents()
        assert sorted(d.title for d in documents) == ["PDF digest on trade", "Talks resume in Doha", "Word brief"]
        assert {(d.outlet, d.genre) for d in documents} == {("Regional Desk", "analysis")}
        assert all(d.variables == {"outlet_country": "Pakistan", "wave": "2"} for d in documents)


def test_duplicates_are_not_failures(tmp_path):
    project_path = tmp_path / "study.afpak"
    afpak_coder.create_project(project_path).close()
    article = tmp_path / "article.txt"
    article.write_text("Dispatch from Chaman\n\n" + ARTICLE, encoding="utf-8")
    assert run_cli("import", project_path, article).returncode == 0
    again = run_cli("import", project_path, article)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == [
        'duplicate  article.txt: the same text is already document #1 "Dispatch from Chaman"',
        "0 imported, 1 skipped as duplicate, 0 failed",
    ]


def test_spreadsheet_with_a_text_column(tmp_path):
    project_path = tmp_path / "study.afpak"
    afpak_coder.create_project(project_path).close()
    sheet = tmp_path / "corpus.xlsx"
    pd.DataFrame({"Headline": ["One", "Two"], "Story": ["First body. " + ARTICLE, "Second body. " + ARTICLE],
                  "Desk": ["Kabul", "Quetta"]}).to_excel(sheet, index=False)
    result = run_cli("import", project_path, sheet, "--text-column", "Story")
    assert result.returncode == 0, result.stderr
    with afpak_coder.open_project(project_path) as project:
        assert sorted((d.title, d.variables["Desk"]) for d in project.documents()) == [("One", "Kabul"), ("Two", "Quetta")]


def test_bad_arguments_are_one_line(tmp_path):
    project_path = tmp_path / "study.afpak"
    afpak_coder.create_project(project_path).close()
    result = run_cli("import", project_path, tmp_path, "--var", "no-equals-sign")
    assert result.returncode == 1
    assert result.stderr.strip() == ("afpak-coder: error: --var 'no-equals-sign': expected KEY=VALUE, "
                                     "e.g. outlet_country=Pakistan")
    missing = run_cli("import", tmp_path / "nope.afpak", tmp_path)
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1 and "nope.afpak" in missing.stderr


def test_ctrl_c_during_a_long_import_stops_cleanly_with_a_summary(tmp_path):
    import signal
    import subprocess
    import sys

    project = tmp_path / "study.afpak"
    afpak_coder.create_project(project).close()
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(600):
        (folder / f"article-{number:03d}.txt").write_text(f"Article {number}: Kabul and Islamabad met again.\n")
    process = subprocess.Popen([sys.executable, "-m", "afpak_coder", "import", str(project), str(folder)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    progress_lines = []
    while True:  # progress is shown while it runs; interrupt once storing has begun
        line = process.stderr.readline()
        assert line, "the import ended before it could be interrupted"
        progress_lines.append(line)
        if line.startswith("Importing"):
            break
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("afpak-coder: stopped by Ctrl+C: ") and "not imported" in last
    imported = int(last.split(": ")[2].split()[0])
    with afpak_coder.open_project(project) as opened:
        assert len(opened.documents()) == imported > 0
    assert out.count("imported   ") == imported
