"""The printed chronology, read back from the PDF's own text."""
import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from chronology.model import ChildDetails
from chronology.report import ReportChoice, gather
from chronology.report.pdf import pdf_bytes, write_pdf
from chronology.rules import RuleContext
from tests.conftest import make_event

CONTEXT = RuleContext.load()
WHEN = datetime(2026, 11, 26, 14, 3)


def pages_of(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def build(store, child_id, tmp_path, **choice) -> tuple[Path, list[str]]:
    data = gather(store, child_id, ReportChoice(**choice), CONTEXT, date(2026, 11, 26), "Sam Worker", WHEN)
    path = tmp_path / "chronology.pdf"
    count = write_pdf(data, path)
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
    table = [page for page in pages if "Entry" in page]
    assert len(table) > 1 and all("What happened" in page for page in table)  # the header row on every page
    assert "Appendix: entries by type" in pages[-1]  # the counts follow the entries


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
    _, pages = build(store, child, tmp_path)
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
    continued = [page for page in pages if "01/01/2019 (continued)" in page.replace("\n", " ")]
    assert len(continued) >= 9  # the number and date repeated, saying it continues



def entry_blocks(page: str) -> list[str]:
    return re.findall(r"Entry (\d\d):", page)


def test_no_row_is_cut_across_pages(store, family, chronology, tmp_path):
    """An entry shorter than a page is printed whole on one page: its first words and its last."""
    for landscape in (True, False):
        _, pages = build(store, family["A1"], tmp_path, landscape=landscape)
        for number in range(60):
            holding = [n for n, page in enumerate(pages) if f"Entry {number:02d}:" in page]
            assert len(holding) == 1, (number, holding)
            page = pages[holding[0]].replace("\n", " ")
            tail = page[page.index(f"Entry {number:02d}:"):]
            expected_details = (number % 7) * 10
            assert tail.count("Detail") >= min(expected_details, 1) or expected_details == 0
        rows_per_page = [len(entry_blocks(page)) for page in pages]
        assert sum(rows_per_page) == 60


def test_entries_are_numbered_and_carry_the_agencys_own_reference(store, family, tmp_path):
    ava = family["A1"]
    store.add_event(make_event([ava], "14/03/2017", summary="First thing", source_ref="PND-4471"))
    store.add_event(make_event([ava], "15/03/2017", summary="Second thing", event_type="referral_decision",
                               outcome="assessment"))
    _, pages = build(store, ava, tmp_path)
    table = "\n".join(pages[1:])
    assert re.search(r"\b1\s+14/03/2017", table) and re.search(r"\b2\s+15/03/2017", table)
    assert "Ref PND-4471" in table and "Decision: Assessment" in table


def test_one_date_format_throughout(store, family, chronology, tmp_path):
    store.add_event(make_event([family["A1"]], "March 2018", summary="A month only"))
    _, pages = build(store, family["A1"], tmp_path)
    whole = "\n".join(pages)
    assert not re.search(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}", whole)
    assert "03/01/2016" in whole and "March 2018" in whole
    assert "python main.py" not in whole and "main.py" not in whole  # paper speaks to people


def test_the_running_header_never_overprints_itself(store, tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from chronology.report.pdf import HEADER_FONT, HEADER_SIZE, MARGIN, _Header
    names = ["Anastasia-Marguerite Featherstonehaugh-Cholmondeley",
             "Bartholomew-Alexander Featherstonehaugh-Cholmondeley",
             "Baby Featherstonehaugh-Cholmondeley"]
    ids = [store.add_child(ChildDetails(ref=f"F{n}", name=name, dob=date(2015 + n, 1, 1),
                                        family="Featherstonehaugh-Cholmondeley"))[0] for n, name in enumerate(names)]
    store.add_event(make_event(ids, "14/03/2019"))
    for landscape in (False, True):
        data = gather(store, ids[0], ReportChoice(family=True, for_family=True, date_from=date(2019, 1, 1),
                                                  date_to=date(2019, 12, 31), landscape=landscape),
                      CONTEXT, date(2026, 11, 26), "Sam Worker", WHEN)
        width = (A4[1] if landscape else A4[0]) - 2 * MARGIN
        header = _Header(data, width)
        for left, right in header.lines:  # each line fits, and two parts share a line only if both fit
            used = stringWidth(left, HEADER_FONT, HEADER_SIZE) + stringWidth(right, HEADER_FONT, HEADER_SIZE)
            assert used <= width - (10 * 2.8346 if left and right else 0)
        joined = " ".join(left or right for left, right in header.lines)
        assert all(name in joined.replace("- ", "-") or name.split()[0] in joined for name in names)
        _, pages = build(store, ids[0], tmp_path, family=True, for_family=True, date_from=date(2019, 1, 1),
                         date_to=date(2019, 12, 31), landscape=landscape)
        assert "for sharing with the family" in pages[0] and "01/01/2019 to 31/12/2019" in pages[-1]


def test_findings_with_evidence_in_the_period_their_occurrences_and_responses(store, family, tmp_path):
    ava = family["A1"]
    early = [store.add_event(make_event([ava], f"0{n}/01/2015", event_type="referral", summary=f"Early {n}"))[0]
             for n in (1, 5)]
    late = [store.add_event(make_event([ava], f"0{n}/01/2020", event_type="referral", summary=f"Late {n}"))[0]
            for n in (1, 5)]
    store.acknowledge_flag(ava, f"re_referral:{late[0]},{late[1]}", "re_referral", "Re-referral",
                           "Discussed in supervision; referrals are about the same incident")
    _, pages = build(store, ava, tmp_path, date_from=date(2019, 1, 1), date_to=date(2021, 12, 31))
    whole = " ".join(pages).replace("\n", " ")
    first = " ".join(page for page in pages if "Entry " not in page and "Appendix" not in page).replace("\n", " ")
    findings = first.split("Findings as the chronology stood on 31/12/2021")[1]
    assert "Re-referral within 12 months (01/01/2020 to 05/01/2020)" in findings  # the headline, before the entries
    assert "1 acknowledged: appendix" in findings
    appendix = whole.split("Appendix: the occurrences behind each finding")[1]
    assert "on 05/01/2020 came 4 days after the referral on 01/01/2020" in appendix
    assert "05/01/2015" not in appendix  # the 2015 re-referral: not in the period
    assert "✓ Acknowledged by Test Worker on" in appendix and "referrals are about the same incident" in appendix
    assert "The current picture, as the chronology stood on 31/12/2021" in first
    assert early  # kept for the record: the 2015 pair exists and raises its own flag outside the period


def test_a_family_document_gives_every_childs_details_and_flags(store, family, tmp_path):
    ava, leo = family["A1"], family["A2"]
    store.add_event(make_event([leo], "01/01/2020", event_type="referral", summary="Leo referred"))
    store.add_event(make_event([leo], "02/03/2020", event_type="referral", summary="Leo referred again"))
    _, pages = build(store, ava, tmp_path, family=True)
    whole = " ".join(pages).replace("\n", " ")
    assert "About Ava Hughes" in whole and "About Leo Hughes" in whole and "10/09/2016" in whole
    leo = whole.split("About Leo Hughes")[1].split("Timeline")[0]
    assert "The current picture" in leo and "Re-referral within 12 months" in leo  # each child's own findings
    appendix = whole.split("Appendix: the occurrences behind each finding")[1]
    assert "Leo Hughes" in appendix and "on 02/03/2020 came" in appendix


def test_meetings_are_squares_on_paper_as_on_screen():
    from reportlab.graphics.shapes import Rect

    from chronology.report.figure import timeline_figure
    from chronology.timeline import SHAPE_MEANINGS, shape_for
    for meeting in ("icpc", "rcpc", "core_group", "cin_meeting", "strategy_discussion"):
        assert shape_for(meeting) == "square"
    assert [shape for shape, _, _ in SHAPE_MEANINGS][:3] == ["triangle", "diamond", "square"]
    drawing = timeline_figure([make_event([1], "14/03/2019", event_type="icpc", agency="Children's social care")],
                              400)
    squares = [item for item in drawing.contents if isinstance(item, Rect) and item.width < 10]
    assert len(squares) == 1


def test_the_timeline_figure_stays_inside_its_width_and_spans_the_period():
    from reportlab.graphics.shapes import Circle, Polygon, String

    from chronology.report.figure import timeline_figure
    events = [make_event([1], day, agency="A very long agency name that will not fit in the label column")
              for day in ("01/01/2016", "14/03/2019", "30/12/2021")]
    drawing = timeline_figure(events, 500, period=(date(2018, 1, 1), date(2020, 12, 31)))
    years = sorted(item.text for item in drawing.contents if isinstance(item, String) and item.text.isdigit())
    assert years == ["2019", "2020"]
    for item in drawing.contents:
        if isinstance(item, Circle):
            assert 0 <= item.cx - item.r and item.cx + item.r <= 500
        elif isinstance(item, (Polygon,)):
            assert all(0 <= x <= 500 for x in item.points[::2])
        elif isinstance(item, String):
            from reportlab.pdfbase.pdfmetrics import stringWidth
            assert item.x + stringWidth(item.text, item.fontName, item.fontSize) <= 500


def test_building_says_how_far_it_has_got_and_can_be_stopped(store, family, chronology):
    from chronology.errors import Cancelled
    from chronology.report.pdf import pdf_bytes
    data = gather(store, family["A1"], ReportChoice(), CONTEXT, date(2026, 11, 26), "Sam Worker", WHEN)
    heard: list[tuple[int, int]] = []
    pdf_bytes(data, progress=lambda done, total: heard.append((done, total)))
    assert len(heard) >= 3 and heard[-1] == (120, 120)  # each entry measured, then drawn: a report a page
    assert [done for done, _ in heard] == sorted({done for done, _ in heard})  # always forward

    def stop(_done, _total):
        raise Cancelled
    with pytest.raises(Cancelled):
        pdf_bytes(data, progress=stop)


def test_a_long_chronology_is_laid_out_in_work_proportional_to_its_length(store, monkeypatch):
    """Each row is handed to a table once (reportlab splitting one long table re-handles every row
    still to come at every page: work growing with the square of the length)."""
    import reportlab.platypus.tables as tables

    from chronology.report.pdf import pdf_bytes
    child, _ = store.add_child(ChildDetails(ref="N1", name="Nia Long"))
    for number in range(600):
        store.add_event(make_event([child], f"{number % 28 + 1:02d}/{number % 12 + 1:02d}/{2010 + number // 60}",
                                   summary=f"Entry {number}: " + "words " * (number % 40),
                                   key_event=number % 9 == 0))
    data = gather(store, child, ReportChoice(), CONTEXT, date(2026, 11, 26), "Sam Worker", WHEN)
    handled = []
    real = tables.Table.__init__

    def counting(self, data, *args, **kwargs):
        handled.append(len(data))
        real(self, data, *args, **kwargs)
    monkeypatch.setattr(tables.Table, "__init__", counting)
    _, pages = pdf_bytes(data)
    summary_rows = 40 + len(data.counts)  # the facts and counts tables of the summary pages
    assert sum(handled) <= 600 + pages + summary_rows, (sum(handled), pages)


def test_a_paragraph_moved_whole_to_the_next_page_still_has_its_lines():
    """Paragraphs keep their measured lines for a width; a split that finds no room discards them."""
    from reportlab.pdfgen.canvas import Canvas

    from chronology.report.pdf import register_fonts, text
    register_fonts()
    paragraph = text("A long account of the day, " * 20, "body")
    width, height = paragraph.wrap(200, 1000)
    assert paragraph.split(200, 5) == []  # not even two lines fit at the foot of this page
    assert paragraph.wrap(200, 1000) == (width, height)
    assert len(paragraph.split(200, height / 2)) == 2  # the next page: part here, part overleaf
    paragraph.wrap(200, 1000)
    paragraph.drawOn(Canvas(io.BytesIO()), 0, 0)


def test_each_demo_childs_picture_and_findings_take_at_most_two_pages_before_the_entries(tmp_path):
    from chronology.demo import generate
    from chronology.store import Store
    store = Store.open(tmp_path / "demo.db", "Sam Worker", create=True)
    try:
        generate(store, today=date(2026, 11, 26))
        for child in store.children():
            data = gather(store, child.id, ReportChoice(), CONTEXT, date(2026, 11, 26), "Sam Worker", WHEN)
            content, _ = pdf_bytes(data)
            pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
            first_entries = next(n for n, page in enumerate(pages) if "What happened" in page)
            assert first_entries <= 2, (child.name, first_entries)
            assert "Findings as the chronology stood on 26/11/2026" in " ".join(pages[:first_entries])
    finally:
        store.close()


def test_the_workers_analysis_current_on_the_day_is_on_the_first_page_not_in_the_familys_copy(store, family,
                                                                                             tmp_path):
    ava = family["A1"]
    store.write_analysis(ava, "First thoughts: neglect raised again and again.", date(2019, 6, 1))
    store.write_analysis(ava, "Now: escalated to a strategy discussion.\n\nThe plan is working.", date(2020, 6, 1))
    _, pages = build(store, ava, tmp_path, date_to=date(2019, 12, 31))
    first = pages[0].replace("\n", " ")
    assert "The worker's analysis, dated 01/06/2019, by Test Worker" in first
    assert "First thoughts" in first and "escalated to a strategy" not in " ".join(pages)  # as it stood then
    _, pages = build(store, ava, tmp_path)
    assert "Now: escalated to a strategy discussion." in pages[0] and "The plan is working." in pages[0]
    _, pages = build(store, ava, tmp_path, for_family=True)
    whole = " ".join(pages)
    assert "Not included in the family's copy." in whole and "escalated" not in whole and "First thoughts" not in whole
