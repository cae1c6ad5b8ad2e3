"""Every export of the platform goes through here: CSV (RFC 4180, UTF-8) streamed row by row and XLSX
written row by row to a temporary file, both in constant memory, and both with spreadsheet formulas
neutralised: a cell a spreadsheet would run (starting with =, +, -, @, a tab or a carriage return) gets a
leading apostrophe, so a proposal titled "=HYPERLINK(…)" stays text on the organizer's computer.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel opens a UTF-8 CSV with accents intact only when it starts with a byte-order mark.
BOM = "\ufeff"


def neutralise(value):
    """The value as a spreadsheet cell that never runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _cell(value):
    """Numbers stay numbers; dates in the current time zone; everything else as neutralised text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    return neutralise(str(value))


class _Echo:
    """A file-like object whose write returns the line: the csv writer then feeds the stream."""

    def write(self, value):
        return value


def csv_lines(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    writer = csv.writer(_Echo())  # CRLF line ends and quoting as RFC 4180 asks
    yield BOM + writer.writerow([_cell(name) for name in header])
    for row in rows:
        yield writer.writerow([_cell(value) for value in row])


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """A CSV download streamed as the rows come: memory stays flat whatever their number."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_file(header: list[str], rows: Iterable[Iterable], *, sheet: str = "Data"):
    """An XLSX workbook written row by row in XlsxWriter's constant-memory mode to a temporary file, returned open
    at its start (the caller closes it)."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it)
    workbook = xlsxwriter.Workbook(
        output, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True})
    worksheet.write_row(0, 0, [_cell(name) for name in header], bold)
    worksheet.freeze_panes(1, 0)
    for index, row in enumerate(rows, start=1):
        worksheet.write_row(index, 0, [_cell(value) for value in row])
    workbook.close()
    output.seek(0)
    return output


def xlsx_response(filename: str, header: list[str], rows: Iterable[Iterable], *, sheet: str = "Data") -> FileResponse:
    """An XLSX download, sent from disk (FileResponse closes the file once sent)."""
    output = xlsx_file(header, rows, sheet=sheet)
    return FileResponse(output, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE)


def export_response(
    fmt: str, filename: str, header: list[str], rows: Iterable[Iterable], *, sheet: str = "Data"
) -> StreamingHttpResponse | FileResponse:
    """The export in the format an address asks for, `csv` or `xlsx`; any other is not found."""
    if fmt == "csv":
        return csv_response(filename, header, rows)
    if fmt == "xlsx":
        return xlsx_response(filename, header, rows, sheet=sheet)
    raise Http404
