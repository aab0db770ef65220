"""The printed chronology, read back from the PDF's own text."""
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from chronology.model import ChildDetails
from chronology.report import ReportChoice, gather
from chronology.report.pdf import write_pdf
from chronology.rules import RuleContext
from tests.conftest import make_event

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
CONTEXT = RuleContext.load(RESOURCES)
WHEN = datetime(2026, 11, 26, 14, 3)


def pages_of(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def build(store, child_id, tmp_path, **choice) -> tuple[Path, list[str]]:
    data = gather(store, child_id, ReportChoice(**choice), CONTEXT, date(2026, 11, 26), "Sam Worker", WHEN)
    path = tmp_path / "chronology.pdf"
    count = write_pdf(data, path, RESOURCES / "fonts")
    pages = pages_of(path)
    assert count == len(pages)
    return path, pages


@pytest.fixture
def chronology(store, family):
    ava, leo = family["A1"], family["A2"]
    events = {}
    for number in range(60):  # enough to run over several pages
        day = date(2016 + number // 12, number % 12 + 1, 3)
        events[number], _ = store.add_event(make_event(
            [ava, leo] if number % 5 == 0 else [ava], day.strftime("%d/%m/%Y"),
            summary=f"Entry {number:02d}: the health visitor found the flat cold. " + "Detail " * (number % 7) * 10,
            key_event=number % 10 == 3, rating="red" if number % 10 == 4 else None))
    return events


def test_every_chosen_event_in_date_order_with_marking_and_page_numbers(store, family, chronology, tmp_path):
    _, pages = build(store, family["A1"], tmp_path)
    assert len(pages) > 3
    whole = "\n".join(pages)
    numbers = [int(n) for n in re.findall(r"Entry (\d\d):", whole)]
    assert numbers == list(range(60))  # every event, in date order, none twice
    for number, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE") == 2
        assert f"Page {number} of {len(pages)}" in page
        assert "Ava Hughes" in page and "Ref A1" in page and "Born 02/05/2014" in page
        assert "Produced 26/11/2026 14:03 by Sam Worker" in page
    assert "What happened" in pages[-1]  # the header row repeats on every page of the table
    assert all("What happened" in page for page in pages if "Entry" in page)


def test_choices_period_key_only_and_family(store, family, chronology, tmp_path):
    _, pages = build(store, family["A1"], tmp_path, date_from=date(2017, 1, 1), date_to=date(2017, 12, 31))
    numbers = [int(n) for n in re.findall(r"Entry (\d\d):", "\n".join(pages))]
    assert numbers == list(range(12, 24))
    _, pages = build(store, family["A1"], tmp_path, key_only=True)
    assert [int(n) for n in re.findall(r"Entry (\d\d):", "\n".join(pages))] == [3, 13, 23, 33, 43, 53]
    store.add_event(make_event([family["A2"]], "01/01/2020", summary="Only Leo was there"))
    _, pages = build(store, family["A1"], tmp_path, family=True)
    whole = "\n".join(pages)
    assert "Only Leo was there" in whole and "Chronology of the Hughes family" in whole
    assert whole.count("Entry 00:") == 1  # the shared event once, naming both children


def test_unicode_names_and_markup_printed_literally(store, tmp_path):
    child, _ = store.add_child(ChildDetails(ref="Z1", name="Zoë Łukasz Nguyễn", dob=date(2015, 1, 1)))
    store.add_event(make_event([child], "14/03/2017", summary="Said <b>not</b> & \"stop\" <script>x</script>",
                               child_voice="I want to stay with Nanna <3"))
    path, pages = build(store, child, tmp_path)
    whole = "\n".join(pages)
    assert "Zoë Łukasz Nguyễn" in whole
    assert 'Said <b>not</b> & "stop" <script>x</script>' in whole.replace("\n", " ")
    assert "Nanna <3" in whole.replace("\n", " ")  # the cell wraps before "<3"


def test_an_empty_choice_is_still_a_valid_document(store, family, tmp_path):
    _, pages = build(store, family["A1"], tmp_path, date_from=date(2030, 1, 1))
    assert "There are no events for this choice." in "\n".join(pages)
    assert all(f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, start=1))


def test_metadata_holds_the_title_and_nothing_revealing(store, family, chronology, tmp_path):
    path, _ = build(store, family["A1"], tmp_path)
    metadata = PdfReader(path).metadata
    assert metadata.title == "Chronology of Ava Hughes"
    revealing = " ".join(str(value) for value in metadata.values())
    assert str(tmp_path) not in revealing and "Sam Worker" not in revealing
    assert str(tmp_path).encode() not in path.read_bytes()


def test_landscape_by_default_portrait_on_request(store, family, chronology, tmp_path):
    path, _ = build(store, family["A1"], tmp_path)
    box = PdfReader(path).pages[0].mediabox
    assert box.width > box.height
    path, _ = build(store, family["A1"], tmp_path, landscape=False)
    box = PdfReader(path).pages[0].mediabox
    assert box.width < box.height


def test_family_version_leaves_third_party_information_out_of_the_file(store, family, tmp_path):
    ava = family["A1"]
    store.add_event(make_event([ava], "01/02/2019", summary="Visible to the family: home visit"))
    store.add_event(make_event([ava], "02/02/2019", event_type="referral", agency="Neighbour", role="Neighbour",
                               summary="Zanzibar neighbour reported shouting", third_party=("entry",)))
    store.add_event(make_event([ava], "03/02/2019", summary="Police attended",
                               impact="Quokka informant said the children were left alone",
                               third_party=("impact",)))
    path, pages = build(store, ava, tmp_path, for_family=True)
    whole = "\n".join(pages)
    assert "Visible to the family" in whole and "Police attended" in whole
    assert "Zanzibar" not in whole and "Quokka" not in whole
    raw = path.read_bytes()
    assert b"Zanzibar" not in raw and b"Quokka" not in raw and b"Neighbour" not in raw
    assert "1 entry and 1 passage recorded as third-party information have been withheld" in whole.replace("\n", " ")
    assert "[withheld: third-party information]" in whole.replace("\n", " ")
    assert all("re_referral" not in page for page in pages)  # no flag draws on a withheld entry
    _, pages = build(store, ava, tmp_path)  # the professionals' version keeps everything
    assert "Zanzibar" in "\n".join(pages) and "Quokka" in "\n".join(pages)


def test_an_entry_longer_than_a_page_continues_overleaf(store, tmp_path):
    child, _ = store.add_child(ChildDetails(ref="L1", name="Long Entry"))
    store.add_event(make_event([child], "01/01/2019",
                               summary="".join(f"Sentence {n} of a long account. " for n in range(1500))))
    _, pages = build(store, child, tmp_path)
    whole = " ".join(pages).replace("\n", " ")
    assert {int(n) for n in re.findall(r"Sentence (\d+)\b", whole)} == set(range(1500))  # nothing cut off
    assert sum("What happened" in page for page in pages) >= 10  # the header repeats on each page of it
