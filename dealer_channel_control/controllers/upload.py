"""Reading a dealer's stock upload (XLSX or CSV) into rows for the model's check,
and writing the template the portal offers for download."""

import csv
import io
import zipfile

from odoo.exceptions import UserError

from ..portal_rows import PORTAL_COLUMNS, portal_column

MAX_ROWS = 5000
# Columns read from a file: ours are five, in any order, among a few of the
# dealer's own.
MAX_COLUMNS = 30
TEMPLATE_HEADERS = ["product", "qty_on_hand", "qty_sold", "date", "period_days"]
# An XLSX is a zip: what it unzips to is checked on its declared sizes before it
# is parsed (zipfile never inflates a member beyond its declared size), so a small
# file that expands to gigabytes never ties up a worker. 5,000 rows of our five
# columns are about 2 MB of XML; a real workbook's parts compress 5 to 20 times.
MAX_XLSX_UNZIPPED = 20 * 1024 * 1024
MAX_XLSX_RATIO = 100
# below this size a member may compress as well as it likes: it cannot blow up
RATIO_EXEMPT_SIZE = 1024 * 1024


def _rows_from_table(env, table):
    """table: a list of cell tuples, the first one the header."""
    header = table[0] if table else ()
    columns = [portal_column(cell) for cell in header or ()]
    if "product" not in columns:
        raise UserError(
            env._(
                "The first row must name the columns: %(columns)s.",
                columns=", ".join(TEMPLATE_HEADERS),
            )
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        row = {
            column: cell
            for column, cell in zip(columns, cells, strict=False)
            if column in PORTAL_COLUMNS
        }
        if all(value in (None, "") for value in row.values()):
            continue
        row["row"] = number
        rows.append(row)
    return rows


def _check_size(env, table):
    # one row more than allowed is read, to tell a file that is too long
    if len(table) > MAX_ROWS + 1:
        raise UserError(env._("A file may hold at most %(count)s rows.", count=MAX_ROWS))


def _check_zip(env, content):
    """Refuse an XLSX that is no zip, or would unzip to too much."""
    unreadable = UserError(env._("This file cannot be read as an XLSX workbook."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise unreadable from None
    total = sum(member.file_size for member in members)
    inflated = any(
        member.file_size > RATIO_EXEMPT_SIZE
        and member.file_size > MAX_XLSX_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if total > MAX_XLSX_UNZIPPED or inflated:
        raise UserError(
            env._(
                "This workbook unzips to more than a stock report can hold (%(size)s MB "
                "at most): save the report alone in a new file.",
                size=MAX_XLSX_UNZIPPED // (1024 * 1024),
            )
        )


def _xlsx_table(env, content):
    import openpyxl

    _check_zip(env, content)
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise UserError(env._("This file cannot be read as an XLSX workbook.")) from None
    try:
        # a corrupt sheet (cut XML, bad CRC, an impossible date) fails while its
        # rows are read, not when the workbook is opened
        return list(
            book.worksheets[0].iter_rows(
                max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True
            )
        )
    except Exception:
        raise UserError(
            env._("This XLSX workbook is damaged: its first sheet cannot be read.")
        ) from None
    finally:
        book.close()


def _csv_table(env, content):
    # Excel in Chinese saves CSV in GB18030, elsewhere in UTF-8 (with a BOM)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except (UnicodeDecodeError, LookupError):
            continue
    else:
        raise UserError(env._("This CSV file is neither UTF-8 nor GB18030 text."))
    reader = csv.reader(io.StringIO(text))
    table = []
    try:
        for cells in reader:
            table.append(tuple(cells[:MAX_COLUMNS]))
            if len(table) > MAX_ROWS + 1:
                break
    except csv.Error:
        # a cell over the csv module's 128 KB limit, a stray NUL byte...
        raise UserError(
            env._(
                "Line %(line)s of this CSV file cannot be read: a cell is too long or "
                "its quotes are not closed.",
                line=reader.line_num,
            )
        ) from None
    return table


def read_upload(env, filename, content):
    """[{row, product, qty_on_hand, qty_sold, date, period_days}] from an uploaded
    file; a file that cannot be read raises a UserError."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        table = _xlsx_table(env, content)
    elif name.endswith(".csv"):
        table = _csv_table(env, content)
    else:
        raise UserError(env._("Upload the report as an XLSX or CSV file."))
    _check_size(env, table)
    return _rows_from_table(env, table)


def template_rows(products):
    return [[p.default_code or p.name, "", "", "", 7] for p in products]


def template_xlsx(products):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(TEMPLATE_HEADERS)
    for row in template_rows(products):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_csv(products):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TEMPLATE_HEADERS)
    writer.writerows(template_rows(products))
    return buffer.getvalue().encode("utf-8-sig")
