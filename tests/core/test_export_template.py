"""The house template, and a clerk's own template: checked, refused by the missing style's
name, or used as it is."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from demo_meeting import demo_minutes
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from ccsc_gov.core.export.minutes import write_minutes
from ccsc_gov.core.export.template import (
    HOUSE_TEMPLATE,
    REQUIRED_STYLES,
    HeaderFields,
    Properties,
    check_template,
    load_template,
    missing_styles,
    new_document,
)
from ccsc_gov.core.governance.errors import TemplateError, UserError
from ccsc_gov.resources import build_house_template


def test_the_house_template_defines_every_style_the_documents_use() -> None:
    document = load_template()
    assert missing_styles(document) == []
    kinds = {style.name: style.type for style in document.styles}
    for name, kind in REQUIRED_STYLES.items():
        assert kinds[str(name)] == kind


def test_the_house_template_is_a4_with_page_x_of_y_fields_in_its_footer() -> None:
    document = load_template()
    section = document.sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    with zipfile.ZipFile(io.BytesIO(HOUSE_TEMPLATE.read_bytes())) as package:
        footer = package.read("word/footer1.xml").decode()
        header = package.read("word/header1.xml").decode()
    assert "PAGE" in footer
    assert "NUMPAGES" in footer
    assert 'fldCharType="begin"' in footer
    for placeholder in ("{{body}}", "{{document}}", "{{reference}}", "{{marking}}"):
        assert placeholder in header


def test_the_committed_house_template_is_what_its_build_script_makes(tmp_path: Path) -> None:
    rebuilt = tmp_path / "house.docx"
    build_house_template.build(rebuilt)
    assert rebuilt.read_bytes() == HOUSE_TEMPLATE.read_bytes()


def template_without(tmp_path: Path, *names: str) -> Path:
    document = docx.Document(io.BytesIO(HOUSE_TEMPLATE.read_bytes()))
    for name in names:
        document.styles[name].delete()
    target = tmp_path / "organisation.docx"
    document.save(str(target))
    return target


def test_a_template_missing_a_style_is_refused_by_that_styles_name(tmp_path: Path) -> None:
    template = template_without(tmp_path, "Decision")
    with pytest.raises(TemplateError, match="no paragraph style named “Decision”"):
        write_minutes(demo_minutes(), tmp_path / "minutes.docx", template=template)
    assert not (tmp_path / "minutes.docx").exists()


def test_every_missing_style_is_named_at_once(tmp_path: Path) -> None:
    template = template_without(tmp_path, "Action Table", "Label", "Withheld Notice")
    with pytest.raises(TemplateError) as refused:
        check_template(template)
    message = str(refused.value)
    assert "no table style named “Action Table”" in message
    assert "no character style named “Label”" in message
    assert "no paragraph style named “Withheld Notice”" in message
    assert "organisation.docx" in message


def test_a_style_of_the_wrong_kind_is_refused(tmp_path: Path) -> None:
    document = docx.Document(io.BytesIO(HOUSE_TEMPLATE.read_bytes()))
    document.styles["Label"].delete()
    document.styles.add_style("Label", WD_STYLE_TYPE.PARAGRAPH)
    template = tmp_path / "wrong.docx"
    document.save(str(template))
    with pytest.raises(TemplateError, match="paragraph style named “Label” where a character"):
        check_template(template)


def test_a_file_that_is_not_a_word_document_is_refused_clearly(tmp_path: Path) -> None:
    text = tmp_path / "notes.docx"
    text.write_text("not a Word file")
    with pytest.raises(TemplateError, match="is not a Word document"):
        check_template(text)
    with pytest.raises(TemplateError, match="does not exist"):
        check_template(tmp_path / "missing.docx")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as package:
        package.writestr("hello.txt", "a zip, but no Word document in it")
    with pytest.raises(UserError, match="not a Word document"):
        check_template(broken)


def test_a_word_template_dotx_is_accepted(tmp_path: Path) -> None:
    source = zipfile.ZipFile(io.BytesIO(HOUSE_TEMPLATE.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(info, data)
    dotx = tmp_path / "organisation.dotx"
    dotx.write_bytes(out.getvalue())
    write_minutes(demo_minutes(), tmp_path / "minutes.docx", template=dotx)
    assert docx.Document(str(tmp_path / "minutes.docx")).paragraphs[0].text == (
        "Executive Management Committee"
    )


def test_a_clerks_template_is_used_as_it_is_its_split_placeholders_filled(
    tmp_path: Path,
) -> None:
    document = docx.Document(io.BytesIO(HOUSE_TEMPLATE.read_bytes()))
    document.styles["Title"].font.size = docx.shared.Pt(30)
    header = document.sections[0].header
    paragraph = header.add_paragraph()
    # Word splits a placeholder over runs after an edit; it must still be filled.
    for piece in ("Organisation — {{bo", "dy}} — {{MARK", "ING}} — {{unknown}}"):
        paragraph.add_run(piece)
    template = tmp_path / "organisation.docx"
    document.save(str(template))

    written = tmp_path / "minutes.docx"
    write_minutes(demo_minutes(), written, template=template)
    result = docx.Document(str(written))
    title = result.styles["Title"]
    assert title.font.size == docx.shared.Pt(30)
    texts = [p.text for p in result.sections[0].header.paragraphs]
    assert (
        "Organisation — Executive Management Committee — CONFIDENTIAL · DRAFT — {{unknown}}"
        in texts
    )
    # The template's own sample text never reaches a document.
    body = "".join(t.text or "" for t in result.element.body.iter(qn("w:t")))
    assert "house template" not in body


def test_a_new_document_starts_empty_with_the_templates_page_setup() -> None:
    document = new_document(
        None,
        header=HeaderFields(body="Board", document="Test"),
        properties=Properties(title="T", subject="S"),
    )
    assert document.paragraphs == []
    assert document.tables == []
    assert document.sections[0].header.is_linked_to_previous is False
