"""``afpak-coder claims``, run the way a user runs it, checked against the service's answer."""

import io

import pandas as pd

import afpak_coder

from test_cli_export import run_cli as run_afpak_coder
from test_cli_export import sample  # noqa: F401 - the fixture


def run_cli(*arguments):
    return run_afpak_coder("claims", *arguments)


def test_csv_to_stdout_holds_the_matching_claims_with_the_export_columns(sample):
    result = run_cli(sample, "--theme", "Border & trade", "--coder", "Ayesha", "--where", "outlet_country=Pakistan",
                     "--csv", "-")
    assert result.returncode == 0, result.stderr
    written = pd.read_csv(io.StringIO(result.stdout))
    with afpak_coder.open_project(sample) as project:
        expected = project.claims(theme="Border & trade", coder="Ayesha", where={"outlet_country": "Pakistan"})
        columns = list(project.claims_frame().columns)
    assert len(expected) > 0
    assert sorted(written["claim_id"]) == sorted(str(c.id) for c in expected)
    assert list(written.columns) == columns


def test_list_with_stance_range_dates_and_limit(sample):
    result = run_cli(sample, "--stance=-2:-1", "--from", "2025-01-01", "--coder", "Bilal", "--limit", "2")
    assert result.returncode == 0, result.stderr
    with afpak_coder.open_project(sample) as project:
        count = project.count_claims(stance=(-2, -1), published=("2025-01-01", None), coder="Bilal")
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == f"{count} claims (2 shown)" and len(lines) == 3
    assert all("[Bilal]" in line and line[:4] >= "2025" for line in lines[:2])


def test_counts_per_theme_include_sub_themes(sample):
    result = run_cli(sample, "--coder", "Clara", "--count-by", "theme")
    assert result.returncode == 0, result.stderr
    counts = {line[10:].strip(): int(line[:8].replace(",", "")) for line in result.stdout.splitlines()}
    with afpak_coder.open_project(sample) as project:
        security = project.count_claims(theme="Security", coder="Clara")
        militancy = project.count_claims(theme="Cross-border militancy and TTP sanctuaries", coder="Clara")
    assert counts["Security"] == security > counts["Cross-border militancy and TTP sanctuaries"] == militancy


def test_bad_filters_give_one_line_errors(sample):
    result = run_cli(sample, "--where", "region=Sindh")
    assert result.returncode == 1
    assert result.stderr.strip().endswith("documents have no field or variable 'region' (known: title, outlet, "
                                          "author, language, genre, url, outlet_country, outlet_type)")
    result = run_cli(sample, "--stance", "strong")
    assert result.returncode == 1 and "--stance: 'strong' is not a value" in result.stderr
