"""Malformed and hostile uploads: each is refused with a clear message, never a server error, nothing imported."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

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
    pytest.param("名单.exe", b"MZ\x90\x00", "只能导入 .xlsx 文件", id="executable"),
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


def test_a_sheet_formatted_down_to_its_last_row_is_read_only_to_its_data():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["学号", "姓名", "系部", "专业", "毕业时间", "安置方式"])
    sheet.append(["2024100001", "赵小龙", "机电系", "数控技术应用", "2024-06", "学校统一安置"])
    sheet.cell(row=1_048_576, column=16_384, value="  ")  # the sheet claims A1:XFD1048576
    buffer = io.BytesIO()
    workbook.save(buffer)
    started = time.monotonic()
    roster = reader.read_roster(io.BytesIO(buffer.getvalue()), file_name="名单.xlsx")
    assert [row.values["student_no"] for row in roster.rows] == ["2024100001"]
    assert time.monotonic() - started < 10


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
