"""Reading a dealer's stock upload (XLSX or CSV) into rows for the model's check,
and writing the template the portal offers for download."""

import csv
import io

from odoo.exceptions import UserError

from ..portal_rows import PORTAL_COLUMNS, portal_column

MAX_ROWS = 5000
TEMPLATE_HEADERS = ["product", "qty_on_hand", "qty_sold", "date", "period_days"]


def _rows_from_table(env, table):
    """table: iterable of cell tuples, the first one the header."""
    table = iter(table)
    header = next(table, None)
    columns = [portal_column(cell) for cell in header or ()]
    if "product" not in columns:
        raise UserError(
            env._(
                "The first row must name the columns: %(columns)s.",
                columns=", ".join(TEMPLATE_HEADERS),
            )
        )
    rows = []
    for number, cells in enumerate(table, start=2):
        row = {
            column: cell
            for column, cell in zip(columns, cells, strict=False)
            if column in PORTAL_COLUMNS
        }
        if all(value in (None, "") for value in row.values()):
            continue
        row["row"] = number
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise UserError(env._("A file may hold at most %(count)s rows.", count=MAX_ROWS))
    return rows


def read_upload(env, filename, content):
    """[{row, product, qty_on_hand, qty_sold, date, period_days}] from an uploaded
    file; a file that cannot be read raises a UserError."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:
            raise UserError(env._("This file cannot be read as an XLSX workbook.")) from None
        try:
            return _rows_from_table(env, book.worksheets[0].iter_rows(values_only=True))
        finally:
            book.close()
    if name.endswith(".csv"):
        # Excel in Chinese saves CSV in GB18030, elsewhere in UTF-8 (with a BOM)
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UserError(env._("This CSV file is neither UTF-8 nor GB18030 text."))
        return _rows_from_table(env, csv.reader(io.StringIO(text)))
    raise UserError(env._("Upload the report as an XLSX or CSV file."))


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
