"""Malformed and hostile uploads: each is refused with a clear message, never a server error, nothing imported."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.styles import Font

from gradtrack.imports import reader
from gradtrack.records.models import Graduate
from gradtrack.testing.workbooks import person, xlsx_bytes

SHEET = "xl/worksheets/sheet1.xml"


def with_member(data: bytes, name: str, content: bytes | None = None, *, replace: str | None = None) -> bytes:
    """The workbook with one member replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            if member.filename != name:
                archive.writestr(member.filename, source.read(member.filename))
        archive.writestr(name, content)
    return out.getvalue()


def entity_bomb() -> bytes:
    """A roster whose sheet XML expands one cell into 10⁹ "lol"s ("billion laughs")."""
    base = xlsx_bytes([person()])
    sheet = zipfile.ZipFile(io.BytesIO(base)).read(SHEET).decode()
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    dtd = f'<!DOCTYPE worksheet [<!ENTITY lol0 "lol">{entities}]>'
    return with_member(base, SHEET, (dtd + sheet.replace(">2024100001<", ">&lol9;<")).encode())


def zip_bomb(unpacked_bytes: int) -> bytes:
    """A roster carrying a member of zeros that inflates to `unpacked_bytes` (it compresses ~1000:1)."""
    return with_member(xlsx_bytes([person()]), "xl/media/padding.bin", b"\0" * unpacked_bytes)


def zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return out.getvalue()


def upload(client, content: bytes, name: str = "名单.xlsx"):
    data = {"file": SimpleUploadedFile(name, content), "create_missing": "on"}
    return client.post(reverse("imports:upload"), data, follow=True)


BAD_FILES = [
    pytest.param("名单.xlsx", b"", "提交的是空文件", id="empty"),
    pytest.param(
        "名单.xlsx", b"<html><script>alert(1)</script></html>", "不是有效的 Excel", id="html-as-xlsx"
    ),
    pytest.param("名单.xlsx", zip_without_workbook(), "不是有效的 Excel", id="zip-without-workbook"),
    pytest.param("名单.xlsx", xlsx_bytes([person()])[:700], "不是有效的 Excel", id="truncated"),
    pytest.param("名单.exe", b"MZ\x90\x00", "只能导入 .xlsx、.xls 或 .csv 文件", id="executable"),
    pytest.param("../../etc/passwd.xlsx", b"root:x:0:0", "不是有效的 Excel", id="path-in-name"),
    pytest.param("名单.xlsx", entity_bomb(), "", id="xml-entity-bomb"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_a_malformed_or_hostile_file_is_refused_clearly(centre_client, major, name, content, message):
    started = time.monotonic()
    response = upload(centre_client, content, name)
    # Refused at upload, or (the entity bomb opens as a zip) in the preview with the file's error.
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "<script>alert(1)</script>" not in html
    assert "alert-danger" in html or "invalid-feedback" in html or "is-invalid" in html
    assert time.monotonic() - started < 10
    assert not Graduate.objects.exists()


def test_an_entity_bomb_is_refused_by_the_reader_without_expanding_it():
    with pytest.raises(reader.RosterError):
        reader.read_roster(io.BytesIO(entity_bomb()), file_name="名单.xlsx")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(centre_client, major, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    content = zip_bomb(4 * 1024 * 1024)
    assert len(content) < 50 * 1024  # small on the wire
    response = upload(centre_client, content)
    assert "文件解压后达 4.0\xa0MB，超过上限 1.0\xa0MB" in response.content.decode()
    assert not Graduate.objects.exists()


def test_a_normal_workbook_is_well_under_the_unpacked_limit(settings):
    roster = reader.read_roster(io.BytesIO(xlsx_bytes([person()])), file_name="名单.xlsx")
    assert len(roster.rows) == 1


def roster_with_cell_at(row: int, column: int, **cell) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["学号", "姓名", "系部", "专业", "毕业时间", "安置方式"])
    sheet.append(["2024100001", "赵小龙", "机电系", "数控技术应用", "2024-06", "学校统一安置"])
    far = sheet.cell(row=row, column=column)
    for name, value in cell.items():
        setattr(far, name, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_sheet_formatted_down_to_its_last_row_is_read_only_to_its_data():
    # WPS writes styled empty cells to the sheet's end; the sheet claims A1:XFD1048576
    content = roster_with_cell_at(1_048_576, 16_384, font=Font(bold=True))
    started = time.monotonic()
    roster = reader.read_roster(io.BytesIO(content), file_name="名单.xlsx")
    assert [row.values["student_no"] for row in roster.rows] == ["2024100001"]
    assert time.monotonic() - started < 10


def test_a_stray_value_at_the_sheets_far_corner_is_refused_before_the_sheet_is_loaded():
    # calamine would allocate the whole block A1:XFD1048576 (17 billion cells) and abort the process
    content = roster_with_cell_at(1_048_576, 16_384, value="x")
    started = time.monotonic()
    with pytest.raises(reader.RosterError) as refused:
        reader.read_roster(io.BytesIO(content), file_name="名单.xlsx")
    assert refused.value.message.startswith("工作表的数据区域达 1,048,576 行 × 16,384 列")
    assert "超过上限 2,000,000 个单元格" in refused.value.message
    assert time.monotonic() - started < 5


def test_the_cell_budget_is_a_setting_and_counts_the_block_up_to_the_farthest_value(settings):
    content = roster_with_cell_at(100, 10, value="备注")  # A1:J100, 1,000 cells
    settings.IMPORT_MAX_CELLS = 1000
    assert len(reader.read_roster(io.BytesIO(content), file_name="名单.xlsx").rows) == 1
    settings.IMPORT_MAX_CELLS = 999
    with pytest.raises(reader.RosterError, match="100 行 × 10 列（1,000 个单元格），超过上限 999 个单元格"):
        reader.read_roster(io.BytesIO(content), file_name="名单.xlsx")


def test_cells_written_without_positions_or_with_a_namespace_prefix_are_measured_too(settings):
    """A writer may leave out r="…" (calamine counts on from the cell before) or prefix the tags."""
    settings.IMPORT_MAX_CELLS = 1000
    base = roster_with_cell_at(2, 1, value="2024100001")
    sheet = zipfile.ZipFile(io.BytesIO(base)).read(SHEET).decode()
    unpositioned = "<row>" + "<c><v>1</v></c>" * 2000 + "</row>"
    prefixed = '<x:row r="3"><x:c r="ZZ900" t="n"><x:v>1</x:v></x:c></x:row>'
    for extra in (unpositioned, prefixed):
        content = with_member(base, SHEET, sheet.replace("</sheetData>", extra + "</sheetData>").encode())
        with pytest.raises(reader.RosterError, match="超过上限 1,000 个单元格"):
            reader.read_roster(io.BytesIO(content), file_name="名单.xlsx")


def test_a_workbook_small_on_disk_and_huge_unpacked_is_refused_quickly_naming_the_limit(settings):
    """Issue 16: an .xlsx that unpacks to 250 MB took ~90 s to preview, beyond gunicorn's timeout."""
    settings.IMPORT_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(3, 200_000))
    sheet = zipfile.ZipFile(io.BytesIO(xlsx_bytes([person()]))).read(SHEET).decode()
    content = with_member(
        zip_bomb(110 * 1024 * 1024), SHEET, sheet.replace("</sheetData>", rows + "</sheetData>").encode()
    )
    assert len(content) < 2 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(reader.RosterError, match=r"文件解压后达 .*MB，超过上限 100\.0\xa0MB"):
        reader.read_roster(io.BytesIO(content), file_name="名单.xlsx")
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("token", ["..", "..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E", "x" * 5000, "%00"])
@pytest.mark.parametrize("step", ["imports:preview", "imports:confirm", "imports:result"])
def test_a_forged_import_token_is_not_found(centre_client, step, token):
    url = reverse(step, args=["TOKEN"]).replace("TOKEN", token)
    response = centre_client.post(url, {"fingerprint": "<script>"}) if step.endswith("confirm") else None
    response = response or centre_client.get(url)
    assert response.status_code == 404


def test_a_confirmation_with_a_forged_fingerprint_imports_nothing(centre_client, major):
    response = upload(centre_client, xlsx_bytes([person()]))
    token = response.redirect_chain[-1][0].rstrip("/").split("/")[-2]
    for fingerprint in ["", "<script>alert(1)</script>", "' OR 1=1 --", "九" * 10_000]:
        confirmed = centre_client.post(reverse("imports:confirm", args=[token]), {"fingerprint": fingerprint})
        assert confirmed.status_code in (200, 302, 400, 404)
    assert not Graduate.objects.exists()
