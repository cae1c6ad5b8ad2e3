"""The one export path: CSV and XLSX that keep numbers and dates, and never carry a live formula."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from innovation_platform.core.exports import csv_response, neutralise, xlsx_response

HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_triggers_are_neutralised(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Quinua", "", "a=b", 3, -3, Decimal("-1.5"), None])
def test_other_values_are_untouched(value):
    assert neutralise(value) == value


def rows():
    lima = datetime(2026, 3, 1, 17, 30, tzinfo=UTC)
    yield ["AGUA-0001", "Biohuertos, escolares", 3, Decimal("4.25"), lima, ["agua", "salud"], None]
    for value in HOSTILE:
        yield ["AGUA-0002", value, -1, None, None, [], None]


HEADER = ["reference", "title", "team", "score", "submitted", "categories", "empty"]


def test_csv_streams_rfc4180_with_formulas_neutralised():
    with timezone.override("America/Lima"):
        response = csv_response("propuestas", HEADER, rows())
        body = b"".join(response.streaming_content)

    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="propuestas.csv"'
    assert body.startswith("\ufeff".encode()) and b"\r\n" in body
    parsed = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert parsed[0] == HEADER
    assert parsed[1] == ["AGUA-0001", "Biohuertos, escolares", "3", "4.25", "2026-03-01 12:30", "agua; salud", ""]
    assert [row[1] for row in parsed[2:]] == ["'" + value for value in HOSTILE]
    assert [row[2] for row in parsed[2:]] == ["-1"] * len(HOSTILE)  # numbers are not text


def test_xlsx_keeps_numbers_and_holds_no_formula():
    with timezone.override("America/Lima"):
        response = xlsx_response("propuestas", HEADER, rows(), sheet="Propuestas")
        body = b"".join(response.streaming_content)
        response.file_to_stream.close()  # as closing the response does once it is sent

    workbook = openpyxl.load_workbook(io.BytesIO(body))
    sheet = workbook["Propuestas"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADER
    assert values[1][:5] == ["AGUA-0001", "Biohuertos, escolares", 3, 4.25, "2026-03-01 12:30"]
    # openpyxl reads a carriage return back as its XML escape (_x000D_); the apostrophe is what matters.
    assert [row[1][:2] for row in values[2:]] == ["'" + value[0] for value in HOSTILE[:-1]] + ["'_"]
    assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert response["Content-Disposition"] == 'attachment; filename="propuestas.xlsx"'
