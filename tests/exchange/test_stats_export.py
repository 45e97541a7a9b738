"""Stata and SPSS files: labels intact, codes as the data codebook says, real dates; codebook.csv."""

import datetime as dt

import pandas as pd
import pyreadstat
import pytest

import afpak_coder
from afpak_coder.analysis.filters import select_claims
from afpak_coder.exchange.data_codebook import data_codebook
from afpak_coder.exchange.dataset_export import export_dataset

TEXT = "Islamabad accused Kabul of sheltering the TTP. Kabul denied it and called for talks."


@pytest.fixture
def study(tmp_path):
    """Two documents with awkwardly named variables, two coders, claims with and without stance."""
    with afpak_coder.create_project(tmp_path / "study.afpak", codebook=None) as project:
        project.add_theme("Security")
        project.add_theme("TTP sanctuaries", parent="Security")
        project.add_theme("Diplomacy")
        project.add_actor("Pakistani government", type="government")
        project.add_actor("Afghan Taliban administration", type="government")
        project.add_actor("Tehrik-i-Taliban Pakistan (TTP)", type="armed group")
        for value, label in ((-2, "Hostile"), (-1, "Critical"), (0, "Neutral"), (1, "Cooperative"),
                             (2, "Conciliatory")):
            project.add_stance_level(value, label)
        first = project.add_document(TEXT, title="Border talks", outlet="The Frontier Ledger",
                                     published="2024-03-14",
                                     variables={"Outlet Country": "Pakistan", "Länder Größe": 3, "title": "x"})
        second = project.add_document(TEXT + " More.", title="Reply", outlet="Kabul Times", published=None,
                                      variables={"Outlet Country": "Afghanistan"})
        project.add_coder("Ayesha")
        project.add_coder("Bilal")
        project.add_claim(document=first, coder="Ayesha", start=0, end=46, theme="TTP sanctuaries",
                          actor="Pakistani government", target="Afghan Taliban administration", stance=-2)
        project.add_claim(document=first, coder="Bilal", start=47, end=84, theme="Diplomacy",
                          actor="Afghan Taliban administration", stance=1, memo="calls for talks")
        project.add_claim(document=second, coder="Bilal", start=0, end=9, theme="Security",
                          actor="Tehrik-i-Taliban Pakistan (TTP)", stance=None)
        yield project


def test_claims_frame_uses_clean_names_for_document_variables(study):
    frame = study.claims_frame()
    assert {"outlet_country", "lander_grosse", "title_2"} <= set(frame.columns)
    assert "Outlet Country" not in frame.columns


def test_stata_file_has_clean_names_labels_codes_and_dates(study, tmp_path):
    export_dataset(study, dta=tmp_path / "claims.dta")
    data, meta = pyreadstat.read_dta(tmp_path / "claims.dta")
    labels = meta.column_names_to_labels
    # A variable named with spaces and non-ASCII letters: a clean name, the original as its label.
    assert labels["outlet_country"] == "Outlet Country"
    assert labels["lander_grosse"] == "Länder Größe"
    assert labels["title_2"] == "title" and labels["title"] == "Document title"
    assert labels["stance"] == "Stance of the claim"
    assert meta.variable_value_labels["stance"] == {-2: "Hostile", -1: "Critical", 0: "Neutral",
                                                    1: "Cooperative", 2: "Conciliatory"}
    # Coded columns: codebook order, numbered from 1 (themes in tree order: Security, its child, Diplomacy).
    assert meta.variable_value_labels["theme"] == {1: "Security", 2: "TTP sanctuaries", 3: "Diplomacy"}
    assert meta.variable_value_labels["coder"] == {1: "Ayesha", 2: "Bilal"}
    assert meta.variable_value_labels["actor_type"] == {1: "armed group", 2: "government"}
    rows = data.sort_values(["coder", "end"]).reset_index(drop=True)  # Ayesha's; Bilal's on Reply, on Border talks
    assert rows["theme"].tolist() == [2, 1, 3]
    assert meta.variable_value_labels["actor"] == {1: "Afghan Taliban administration", 2: "Pakistani government",
                                                   3: "Tehrik-i-Taliban Pakistan (TTP)"}  # the codebook's order
    assert rows["actor"].tolist() == [2, 3, 1]
    assert rows["target"].fillna(0).tolist() == [1, 0, 0]  # no target: system missing
    assert rows["stance"][0] == -2 and pd.isna(rows["stance"][1]) and rows["stance"][2] == 1
    assert meta.original_variable_types["published"] == "%td"
    assert meta.original_variable_types["created"] == "%tc"
    assert rows["published"][0] == dt.date(2024, 3, 14) and pd.isna(rows["published"][1])
    assert rows["lander_grosse"][0] == 3 and pd.isna(rows["lander_grosse"][1])
    # pandas reads the same file, labels applied.
    found = pd.read_stata(tmp_path / "claims.dta")
    assert sorted(found["stance"].dropna().astype(str)) == ["Cooperative", "Hostile"]
    assert set(found["theme"].astype(str)) == {"Security", "TTP sanctuaries", "Diplomacy"}
    assert pd.api.types.is_datetime64_any_dtype(found["published"])
    reader = pd.io.stata.StataReader(tmp_path / "claims.dta")
    with reader:
        assert reader.variable_labels()["outlet_country"] == "Outlet Country"
    assert (tmp_path / "claims.dta").read_bytes().startswith(b"<stata_dta><header><release>118</release>")  # Stata 14+


def test_an_incomplete_claim_has_a_missing_actor_code(study, tmp_path):
    claim = next(c for c in study.claims(coder="Bilal") if c.actor.name == "Tehrik-i-Taliban Pakistan (TTP)")
    study.update_claim(claim, actor=None)
    export_dataset(study, dta=tmp_path / "claims.dta")
    data, _ = pyreadstat.read_dta(tmp_path / "claims.dta")
    assert data["actor"].isna().sum() == 1 and data["actor_type"].isna().sum() == 1


def test_spss_file_has_labels_measures_and_dates(study, tmp_path):
    export_dataset(study, sav=tmp_path / "claims.sav")
    data, meta = pyreadstat.read_sav(tmp_path / "claims.sav")
    assert meta.column_names_to_labels["lander_grosse"] == "Länder Größe"
    assert meta.variable_value_labels["stance"][-2] == "Hostile"
    assert meta.variable_measure["stance"] == "ordinal" and meta.variable_measure["theme"] == "nominal"
    assert meta.original_variable_types["published"] == "DATE11"
    assert sorted(data["memo"]) == ["", "", "calls for talks"]
    labelled, _ = pyreadstat.read_sav(tmp_path / "claims.sav", apply_value_formats=True)
    assert sorted(labelled["actor"]) == sorted(["Pakistani government", "Afghan Taliban administration",
                                                "Tehrik-i-Taliban Pakistan (TTP)"])


def test_csv_export_brings_the_data_codebook(study, tmp_path):
    reports = export_dataset(study, csv=tmp_path / "claims.csv")
    assert [r.path.name for r in reports] == ["claims.csv", "codebook.csv"]
    codebook = pd.read_csv(tmp_path / "codebook.csv", keep_default_na=False, dtype=str)
    claims = pd.read_csv(tmp_path / "claims.csv", nrows=0)
    assert list(dict.fromkeys(codebook["variable"])) == list(claims.columns)  # every column, in order
    stance = codebook[codebook["variable"] == "stance"]
    assert stance["value"].tolist() == ["-2", "-1", "0", "1", "2"]  # numbers, not made "safe"
    assert stance["value_label"].tolist() == ["Hostile", "Critical", "Neutral", "Cooperative", "Conciliatory"]
    country = codebook[codebook["variable"] == "outlet_country"].iloc[0]
    assert country["label"] == "Outlet Country" and "renamed" in country["description"]
    assert codebook.set_index("variable").loc["published", "type"] == "date"


def test_data_codebook_matches_the_workbook_sheet(study, tmp_path):
    from openpyxl import load_workbook

    export_dataset(study, xlsx=tmp_path / "claims.xlsx")
    sheet = load_workbook(tmp_path / "claims.xlsx", read_only=True)["Data codebook"]
    rows = list(sheet.iter_rows(values_only=True))
    table = data_codebook(select_claims(study))
    assert list(rows[0]) == list(table.columns)
    assert [row[0] for row in rows[1:]] == table["variable"].tolist()
    book = load_workbook(tmp_path / "claims.xlsx", read_only=True)
    claims_header = next(book["Claims"].iter_rows(values_only=True))
    assert "outlet_country" in claims_header and "lander_grosse" in claims_header
    readme = {row[:2]: row[2] for row in book["README"].iter_rows(values_only=True) if len(row) > 2}
    assert readme[("Claims", "outlet_country")].startswith("Document variable “Outlet Country” (text)")
    assert "made fit for every statistics package" in readme[("Claims", "outlet_country")]
    documents_header = next(book["Documents"].iter_rows(values_only=True))
    assert {"outlet_country", "title_2", "claims_ayesha", "status_bilal"} <= set(documents_header)
    assert readme[("Documents", "claims_ayesha")] == "Claims in this export coded by Ayesha on the document."
