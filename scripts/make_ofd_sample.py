"""Write the bundled bulletin as an OFD package (GB/T 33190), for the OFD reader's tests and benchmark.

The layout is the one of the bundled PDF of the same bulletin (samples/jiaxing-2019-07.pdf, typeset
from samples/jiaxing-2019-07.txt): every printed run of glyphs (same baseline, font and size, in drawing
order) becomes a ``TextObject`` whose ``TextCode`` gives the pen position and the advances
(``DeltaX``, repeats written in the ``g N width`` shorthand), in millimetres, and every ruled line
a ``PathObject``. So the OFD and the PDF carry the same glyph positions, and a test can check that
both give the tree of the text.

The package uses what real OFD files use, so that the reader meets it: ``OFD.xml`` and
``Document.xml`` in the ``http://www.ofdspec.org`` namespace and the page files in its 2016 form;
``DocRoot`` written with a leading ``/``; the running head (text and rule) on one template page
shared by every page that prints it; on even pages the objects are drawn in points through a CTM
(``0.3528 0 0 0.3528 0 0``, Size in points), as some producers write them; a signature entry
(``Signatures.xml``) naming a seal on the last page, without a signed value (the reader records
signatures, it does not verify them).

Needs only pdfplumber (a jxparse dependency). Writes tests/fixtures/ofd/jiaxing-2019-07.ofd, or the
path given::

    python scripts/make_ofd_sample.py [OUT.ofd]
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
SOURCE_PDF = ROOT / "samples" / "jiaxing-2019-07.pdf"
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "ofd" / "jiaxing-2019-07.ofd"
NS_DOC = "http://www.ofdspec.org"
NS_PAGE = "http://www.ofdspec.org/2016"
PT = 25.4 / 72  # millimetres per point


def mm(value: float) -> str:
    return f"{value * PT:.3f}".rstrip("0").rstrip(".")


def num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


def deltas(values: list[str]) -> str:
    """Advances, runs of equal ones as ``g N width``."""
    out: list[str] = []
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i]:
            j += 1
        count = j - i + 1
        out.append(f"g {count} {values[i]}" if count >= 3 else " ".join(values[i : j + 1]))
        i = j + 1
    return " ".join(out)


def font_name(name: str) -> str:
    """A PDF font's family name without the subset tag (``DAAAAA+``): OFD names fonts by family."""
    return name.split("+", 1)[-1].replace("-VKana", "")


def runs(chars: list[dict]) -> list[list[dict]]:
    """Glyphs in drawing order, cut where the baseline, font or size changes or the pen goes back."""
    out: list[list[dict]] = []
    for c in chars:
        if out:
            last = out[-1][-1]
            if (
                abs(c["matrix"][5] - last["matrix"][5]) < 0.01
                and font_name(c["fontname"]) == font_name(last["fontname"])
                and c["size"] == last["size"]
                and c["x0"] >= last["x0"]
            ):
                out[-1].append(c)
                continue
        out.append([c])
    return out


class Package:
    def __init__(self) -> None:
        self.next_id = 1
        self.fonts: dict[str, int] = {}

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def font(self, name: str) -> int:
        clean = font_name(name)
        if clean not in self.fonts:
            self.fonts[clean] = self.new_id()
        return self.fonts[clean]

    def text_object(self, run: list[dict], page_height: float, in_points: bool) -> str:
        """One TextObject: Boundary around the run (mm), pen at the first glyph's baseline."""
        first = run[0]
        size = first["size"]
        x0 = first["x0"]
        top = min(c["top"] for c in run)
        x1 = max(c["x1"] for c in run)
        bottom = max(c["bottom"] for c in run)
        baseline = page_height - first["matrix"][5]  # from the top of the page
        scale = (lambda v: num(v)) if in_points else mm  # object space: points through a CTM, or mm
        advances = [scale(b["x0"] - a["x0"]) for a, b in zip(run, run[1:])]
        text = "".join(c["text"] for c in run)
        ctm = ' CTM="0.3528 0 0 0.3528 0 0"' if in_points else ""
        boundary = f"{mm(x0)} {mm(top)} {mm(x1 - x0)} {mm(bottom - top)}"
        delta = f' DeltaX="{deltas(advances)}"' if advances else ""
        return (
            f'<ofd:TextObject ID="{self.new_id()}" Boundary="{boundary}"{ctm} Font="{self.font(first["fontname"])}" '
            f'Size="{scale(size)}"><ofd:TextCode X="0" Y="{scale(baseline - top)}"{delta}>{escape(text)}'
            "</ofd:TextCode></ofd:TextObject>"
        )

    def path_object(self, line: dict) -> str:
        x0, x1, top, bottom = line["x0"], line["x1"], line["top"], line["bottom"]
        width = max(line.get("linewidth") or 0.5, 0.1)
        boundary = f"{mm(x0)} {mm(top - width / 2)} {mm(max(x1 - x0, width))} {mm(max(bottom - top, width))}"
        path = f"M 0 {mm(width / 2)} L {mm(x1 - x0)} {mm(bottom - top + width / 2)}"
        return (
            f'<ofd:PathObject ID="{self.new_id()}" Boundary="{boundary}" LineWidth="{mm(width)}">'
            f"<ofd:AbbreviatedData>{path}</ofd:AbbreviatedData></ofd:PathObject>"
        )


def page_xml(body: str, width: float, height: float, template: int | None, layer: int) -> str:
    uses = f'<ofd:Template TemplateID="{template}" ZOrder="Background"/>' if template else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="{NS_PAGE}"><ofd:Area>'
        f"<ofd:PhysicalBox>0 0 {mm(width)} {mm(height)}</ofd:PhysicalBox></ofd:Area>{uses}"
        f'<ofd:Content><ofd:Layer ID="{layer}">{body}</ofd:Layer></ofd:Content></ofd:Page>\n'
    )


def main(out: Path) -> None:
    package = Package()
    pages: list[str] = []
    head_text: str | None = None
    head_objects = ""
    templated: list[bool] = []
    with pdfplumber.open(SOURCE_PDF) as pdf:
        title = pdf.metadata.get("Title", "")
        width, height = float(pdf.pages[0].width), float(pdf.pages[0].height)
        for number, page in enumerate(pdf.pages, 1):
            glyphs = [c for c in page.chars]
            rules = [o for o in (*page.lines, *page.rects) if o.get("stroke", True)]
            # the running head: the first run when it lies in the top band and repeats the one seen
            head_runs = [r for r in runs(glyphs) if max(c["bottom"] for c in r) < 0.12 * height]
            text = "".join(c["text"] for r in head_runs for c in r)
            uses_template = bool(head_runs) and (head_text is None or text == head_text)
            body_runs = runs(glyphs)
            body_rules = rules
            if uses_template:
                if head_text is None:
                    head_text = text
                    head_rules = [r for r in rules if r["top"] < 0.12 * height]
                    head_objects = "".join(package.text_object(r, height, False) for r in head_runs)
                    head_objects += "".join(package.path_object(r) for r in head_rules)
                head_ids = {id(c) for r in head_runs for c in r}
                body_runs = runs([c for c in glyphs if id(c) not in head_ids])
                body_rules = [r for r in rules if r["top"] >= 0.12 * height]
            templated.append(uses_template)
            in_points = number % 2 == 0
            body = "".join(package.text_object(r, height, in_points) for r in body_runs)
            body += "".join(package.path_object(r) for r in body_rules)
            pages.append(body)
    template_id = package.new_id()
    template_layer = package.new_id()
    page_ids = [package.new_id() for _ in pages]
    layers = [package.new_id() for _ in pages]
    stamp = package.new_id()

    fonts = "".join(f'<ofd:Font ID="{fid}" FontName={quoteattr(name)}/>' for name, fid in package.fonts.items())
    entries = {
        "OFD.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="{NS_DOC}" Version="1.0" DocType="OFD">'
            f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>jxparse-sample-jiaxing-2019-07</ofd:DocID>"
            f"<ofd:Title>{escape(title)}</ofd:Title><ofd:Author>嘉兴市人民政府办公室</ofd:Author>"
            "<ofd:Creator>jxparse scripts/make_ofd_sample.py</ofd:Creator></ofd:DocInfo>"
            "<ofd:DocRoot>/Doc_0/Document.xml</ofd:DocRoot><ofd:Signatures>/Doc_0/Signs/Signatures.xml"
            "</ofd:Signatures></ofd:DocBody></ofd:OFD>\n"
        ),
        "Doc_0/Document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document xmlns:ofd="{NS_DOC}"><ofd:CommonData>'
            f"<ofd:MaxUnitID>{package.next_id}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {mm(width)} "
            f"{mm(height)}</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
            f'<ofd:TemplatePage ID="{template_id}" BaseLoc="Tpls/Tpl_0/Content.xml" ZOrder="Background"/>'
            "</ofd:CommonData><ofd:Pages>"
            + "".join(f'<ofd:Page ID="{pid}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i, pid in enumerate(page_ids))
            + "</ofd:Pages></ofd:Document>\n"
        ),
        "Doc_0/PublicRes.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res xmlns:ofd="{NS_PAGE}" BaseLoc="Res">'
            f"<ofd:Fonts>{fonts}</ofd:Fonts></ofd:Res>\n"
        ),
        "Doc_0/Tpls/Tpl_0/Content.xml": page_xml(head_objects, width, height, None, template_layer),
        "Doc_0/Signs/Signatures.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Signatures xmlns:ofd="{NS_PAGE}"><ofd:MaxSignId>1'
            '</ofd:MaxSignId><ofd:Signature ID="1" Type="Seal" BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>\n'
        ),
        "Doc_0/Signs/Sign_0/Signature.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Signature xmlns:ofd="{NS_PAGE}"><ofd:SignedInfo>'
            "<ofd:Provider ProviderName=\"jxparse sample\"/><ofd:SignatureDateTime>2019-07-31</ofd:SignatureDateTime>"
            f'<ofd:StampAnnot ID="{stamp}" PageRef="{page_ids[-1]}" Boundary="120 200 40 40"/>'
            "</ofd:SignedInfo></ofd:Signature>\n"
        ),
    }
    for i, body in enumerate(pages):
        entries[f"Doc_0/Pages/Page_{i}/Content.xml"] = page_xml(
            body, width, height, template_id if templated[i] else None, layers[i])
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as package_zip:
        for name, text in entries.items():
            info = zipfile.ZipInfo(name, date_time=(2019, 7, 31, 0, 0, 0))  # reproducible bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            package_zip.writestr(info, text.encode("utf-8"), compresslevel=9)
    print(f"{out}: {len(pages)} pages, {sum(templated)} with the running head on the template, "
          f"{out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT)
