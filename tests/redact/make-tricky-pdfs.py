#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the tricky PDFs of issue 7 ("Bad input") that the redaction tests
run closure-desk-cli redact on: one file per case, each with a companion
.json that says what a correct redaction must remove and keep.

    make-tricky-pdfs.py OUT_DIR                   the corpus (every case but many-pages)
    make-tricky-pdfs.py OUT_DIR --only NAME ...   only the named cases (many-pages included)
    make-tricky-pdfs.py OUT_DIR --bench PAGES HITS [--name NAME]
                                                  a text document of PAGES pages with
                                                  identifiers on HITS of them (the benchmark)

The PDF syntax is written by hand (with a correct cross-reference table), so
every quirk is the one we meant; plain Python 3, no third-party module. The
output is deterministic: the same bytes on every run (but for encrypted.pdf,
see case_encrypted).

The companion NAME.json:
  {"case": NAME, "file": "NAME.pdf", "pages": N, "expect": "ok" | "error",
   "error_words": [...],           (error: the message names one of them)
   "identifiers": [{"text": as a human would write it, "kind": detector name,
                    "where": "text" | "ocr" | "annotation" | ..., "pages": [...]}],
   "clean_pages": [...],           (1-based, no identifier: text must stay extractable)
   "clean_sentence": "..."}        (written on every clean page)

The identifiers are synthetic: resident IDs with a computed ISO 7064
MOD 11-2 check character, mobile numbers in allocated prefixes.
"""

import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import zlib

CLEAN = "Nothing personal is written on this page."
CLEAN_ZH = "本页不含任何个人信息。"

A4 = (595, 842)
LETTER = (612, 792)
A5_LANDSCAPE = (595, 420)


# -- identifiers ---------------------------------------------------------------

def resident_id(body17):
    """GB 11643-1999: ISO 7064 MOD 11-2 check character of 17 digits."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    assert len(body17) == 17 and body17.isdigit()
    total = sum(int(d) * w for d, w in zip(body17, weights))
    return body17 + "10X98765432"[total % 11]


# One per case, so a leak names its case.
ID_PLAIN = resident_id("11010519850312123")
ID_OCR = resident_id("31011519900715234")
ID_GLYPH = resident_id("44030419781122345")
ID_ROTATED = resident_id("32010219880808456")
ID_SIZES = resident_id("51010719920229567")
ID_TYPE3 = resident_id("33010619950101678")
ID_CID = resident_id("42010219800620789")
ID_ANNOT = resident_id("35020319870909890")
ID_META = resident_id("12010119830303012")
ID_JS = resident_id("61010319891010123")
ID_HIDDEN = resident_id("37010219930505234")

MOBILE_PLAIN = "13912345670"
MOBILE_GLYPH = "15800001111"
MOBILE_ROTATED = "18611112222"
MOBILE_SIZES = "13522223333"
MOBILE_TYPE3 = "18933334444"
MOBILE_CID = "15955556666"
MOBILE_FORM = "13766667777"
MOBILE_META = "18077778888"
MOBILE_OUTLINE = "19988889999"
MOBILE_ATTACH = "15399990000"
MOBILE_HIDDEN = "17612340000"


def spaced_id(rid):
    """The 6-8-4 layout people write on forms."""
    return "%s %s %s" % (rid[:6], rid[6:14], rid[14:])


def spaced_mobile(m):
    return "%s %s %s" % (m[:3], m[3:7], m[7:])


# -- PDF syntax ----------------------------------------------------------------

def pdf_string(text):
    """A literal string: ASCII (PDFDocEncoding), escaped."""
    data = text.encode("latin-1")
    out = bytearray(b"(")
    for b in data:
        if b in (0x28, 0x29, 0x5C):
            out += b"\\" + bytes([b])
        elif b < 32 or b > 126:
            out += b"\\%03o" % b
        else:
            out.append(b)
    return bytes(out + b")")


def pdf_text_string(text):
    """A text string: literal if ASCII, else UTF-16BE with its byte order mark."""
    try:
        text.encode("ascii")
        return pdf_string(text)
    except UnicodeEncodeError:
        return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def name_ref(n):
    return b"%d 0 R" % n


class Pdf:
    """Objects kept as bytes by number; written in number order, except
    that @tail objects go last (the truncated case loses them)."""

    def __init__(self):
        self.objs = {}
        self.next = 1

    def reserve(self):
        n = self.next
        self.next += 1
        return n

    def add(self, body, num=None):
        if num is None:
            num = self.reserve()
        if isinstance(body, str):
            body = body.encode("latin-1")
        self.objs[num] = body
        return num

    def stream(self, data, extra=b"", compress=True, num=None):
        if isinstance(data, str):
            data = data.encode("latin-1")
        if isinstance(extra, str):
            extra = extra.encode("latin-1")
        if compress:
            data = zlib.compress(data, 9)
            extra += b" /Filter /FlateDecode"
        body = b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"
        return self.add(body, num)

    def write(self, path, root, info=None, tail=(), version=b"1.7"):
        out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
        offsets = {}
        order = [n for n in sorted(self.objs) if n not in tail] + list(tail)
        for n in order:
            offsets[n] = len(out)
            out += b"%d 0 obj\n" % n + self.objs[n] + b"\nendobj\n"
        xref = len(out)
        size = max(self.objs) + 1
        out += b"xref\n0 %d\n" % size
        out += b"0000000000 65535 f \n"
        for n in range(1, size):
            if n in offsets:
                out += b"%010d 00000 n \n" % offsets[n]
            else:
                out += b"0000000000 65535 f \n"
        file_id = hashlib.md5(bytes(out)).hexdigest().upper().encode()
        out += b"trailer\n<< /Size %d /Root %d 0 R" % (size, root)
        if info is not None:
            out += b" /Info %d 0 R" % info
        out += b" /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n" % (file_id, file_id, xref)
        with open(path, "wb") as f:
            f.write(out)
        return bytes(out)


class Doc:
    """A page tree over a Pdf, with the standard fonts every case shares."""

    def __init__(self):
        self.pdf = Pdf()
        self.catalog = self.pdf.reserve()
        self.pages = self.pdf.reserve()
        self.helv = self.pdf.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                                 b"/Encoding /WinAnsiEncoding >>")
        self.kids = []
        self.catalog_extra = b""

    def page(self, content, size=A4, fonts=None, xobjects=None, extra=b"",
             compress=True, properties=None):
        fonts = dict(fonts or {})
        fonts.setdefault("F1", self.helv)
        res = b"<< /Font << " + b" ".join(
            b"/%s %d 0 R" % (k.encode(), v) for k, v in sorted(fonts.items())) + b" >>"
        if xobjects:
            res += b" /XObject << " + b" ".join(
                b"/%s %d 0 R" % (k.encode(), v) for k, v in sorted(xobjects.items())) + b" >>"
        if properties:
            res += b" /Properties << " + b" ".join(
                b"/%s %d 0 R" % (k.encode(), v) for k, v in sorted(properties.items())) + b" >>"
        res += b" >>"
        contents = self.pdf.stream(content, compress=compress)
        num = self.pdf.add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources %s "
            b"/Contents %d 0 R%s >>" % (self.pages, size[0], size[1], res, contents, extra))
        self.kids.append(num)
        return num

    def finish(self, path, info=None, tail_tree=False):
        self.pdf.add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
            b" ".join(name_ref(k) for k in self.kids), len(self.kids)), self.pages)
        self.pdf.add(b"<< /Type /Catalog /Pages %d 0 R%s >>" % (self.pages, self.catalog_extra),
                     self.catalog)
        tail = (self.pages, self.catalog) if tail_tree else ()
        return self.pdf.write(path, self.catalog, info=info, tail=tail)


def text_ops(lines, font="F1"):
    """BT…ET for [(x, y, size, text)], ASCII text in a simple font."""
    ops = []
    for x, y, size, text in lines:
        ops.append("BT /%s %g Tf %g %g Td %s Tj ET" % (font, size, x, y,
                                                       pdf_string(text).decode("latin-1")))
    return "\n".join(ops) + "\n"


def body_lines(size, header, extra=(), clean=True):
    """A page of ordinary prose: a header, optional extra lines, the clean sentence."""
    w, h = size
    lines = [(56, h - 72, 16, header)]
    y = h - 110
    for t in extra:
        lines.append((56, y, 11, t))
        y -= 20
    if clean:
        lines.append((56, y, 11, CLEAN))
        y -= 20
    lines.append((56, y, 11, "The archive keeps this letter until the closure is complete."))
    return lines


# -- the cases -----------------------------------------------------------------

def manifest(out, case, pages, identifiers, clean_pages, expect="ok", error_words=(),
             sentence=CLEAN):
    data = {
        "case": case,
        "file": case + ".pdf",
        "pages": pages,
        "expect": expect,
        "error_words": list(error_words),
        "identifiers": identifiers,
        "clean_pages": clean_pages,
        "clean_sentence": sentence,
    }
    with open(os.path.join(out, case + ".json"), "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


def ident(text, kind, pages, where="text"):
    return {"text": text, "kind": kind, "pages": pages, "where": where}


def plain_doc(path, tail_tree=False):
    d = Doc()
    d.page(text_ops(body_lines(A4, "Service agreement")), compress=False)
    d.page(text_ops(body_lines(A4, "Customer details", [
        "Name: Wang Wei",
        "Resident ID: " + spaced_id(ID_PLAIN),
        "Member since the spring, card holder."], clean=False)))
    d.page(text_ops(body_lines(A4, "Terms of service")))
    d.page(text_ops(body_lines(A4, "Contact", [
        "Mobile: " + spaced_mobile(MOBILE_PLAIN),
        "Call between nine and five."], clean=False)))
    d.page(text_ops(body_lines(A4, "Signatures")))
    return d.finish(path, tail_tree=tail_tree)


def case_plain(out):
    plain_doc(os.path.join(out, "plain-text.pdf"))
    manifest(out, "plain-text", 5, [
        ident(spaced_id(ID_PLAIN), "cn_resident_id", [2]),
        ident(spaced_mobile(MOBILE_PLAIN), "cn_mobile", [4]),
    ], [1, 3, 5])


def grey_image(w, h):
    """An ID-card-like scan in DeviceGray: grey paper with noise, a darker
    card on the upper half, a photo box on the card."""
    raw = bytearray()
    seed = 12345
    for y in range(h):
        for x in range(w):
            seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
            v = 225 + (seed >> 16) % 12
            if 8 <= x < w - 8 and 10 <= y < h // 2:
                v = 190 + (seed >> 16) % 10
                if 14 <= x < 40 and 16 <= y < h // 2 - 6:
                    v = 120
            raw.append(v)
    return bytes(raw)


def case_scanned(out):
    d = Doc()
    w, h = 120, 170
    img = d.pdf.stream(grey_image(w, h),
                       b"/Type /XObject /Subtype /Image /Width %d /Height %d "
                       b"/ColorSpace /DeviceGray /BitsPerComponent 8" % (w, h))
    # Page 1: the scan of an ID card with its OCR layer (render mode 3).
    ocr = ("q 595 0 0 842 0 0 cm /Im1 Do Q\n"
           "BT 3 Tr /F1 14 Tf 60 700 Td (RESIDENT IDENTITY CARD) Tj ET\n"
           "BT 3 Tr /F1 12 Tf 140 640 Td (Name Wang Wei Sex M) Tj ET\n"
           "BT 3 Tr /F1 12 Tf 140 470 Td (Citizen ID Number %s) Tj ET\n" % ID_OCR)
    d.page(ocr, xobjects={"Im1": img})
    # Page 2: a scanned page whose OCR layer carries only clean text.
    clean = ("q 595 0 0 842 0 0 cm /Im1 Do Q\n"
             "BT 3 Tr /F1 12 Tf 60 700 Td %s Tj ET\n"
             "BT 3 Tr /F1 12 Tf 60 680 Td (Scanned reverse side of the card.) Tj ET\n"
             % pdf_string(CLEAN).decode())
    d.page(clean, xobjects={"Im1": img})
    d.page(text_ops(body_lines(A4, "Cover note")))
    d.finish(os.path.join(out, "scanned-ocr.pdf"))
    manifest(out, "scanned-ocr", 3, [ident(ID_OCR, "cn_resident_id", [1], "ocr")], [2, 3])


def case_glyphs(out):
    d = Doc()
    adv = 556 * 12 / 1000.0  # Helvetica digit width at 12 pt
    # Page 1: each digit its own Td and Tj.
    ops = ["BT /F1 12 Tf 56 700 Td (Resident ID:) Tj 80 0 Td"]
    for i, c in enumerate(ID_GLYPH):
        ops.append("(%s) Tj %g 0 Td" % (c, adv))
    ops.append("ET")
    d.page(text_ops([(56, 770, 16, "Application form")]) + "\n".join(ops) + "\n")
    # Page 2: digits placed one by one out of reading order (absolute Tm).
    order = [4, 0, 9, 2, 7, 10, 1, 5, 3, 8, 6]
    ops = ["BT /F1 12 Tf 1 0 0 1 56 700 Tm (Mobile:) Tj"]
    for i in order:
        ops.append("1 0 0 1 %g 700 Tm (%s) Tj" % (110 + i * adv, MOBILE_GLYPH[i]))
    ops.append("ET")
    d.page(text_ops([(56, 770, 16, "Callback list")]) + "\n".join(ops) + "\n")
    d.page(text_ops(body_lines(A4, "Notes")))
    d.finish(os.path.join(out, "glyph-by-glyph.pdf"))
    manifest(out, "glyph-by-glyph", 3, [
        ident(ID_GLYPH, "cn_resident_id", [1]),
        ident(MOBILE_GLYPH, "cn_mobile", [2]),
    ], [3])


def case_rotated(out):
    d = Doc()
    d.page(text_ops(body_lines(A4, "Rotated a quarter", ["ID " + ID_ROTATED], clean=False)),
           extra=b" /Rotate 90")
    d.page(text_ops(body_lines(A4, "Rotated three quarters", ["Tel " + MOBILE_ROTATED],
                               clean=False)), extra=b" /Rotate 270")
    d.page(text_ops(body_lines(A4, "Clean, rotated a quarter")), extra=b" /Rotate 90")
    d.page(text_ops(body_lines(A4, "Clean, rotated three quarters")), extra=b" /Rotate 270")
    d.finish(os.path.join(out, "rotated.pdf"))
    manifest(out, "rotated", 4, [
        ident(ID_ROTATED, "cn_resident_id", [1]),
        ident(MOBILE_ROTATED, "cn_mobile", [2]),
    ], [3, 4])


def case_sizes(out):
    d = Doc()
    d.page(text_ops(body_lines(A4, "A4 page")), size=A4)
    d.page(text_ops(body_lines(LETTER, "Letter page", ["ID " + ID_SIZES], clean=False)),
           size=LETTER)
    d.page(text_ops(body_lines(A5_LANDSCAPE, "A5 landscape page",
                               ["Mobile " + MOBILE_SIZES], clean=False)), size=A5_LANDSCAPE)
    d.page(text_ops(body_lines(LETTER, "Letter page")), size=LETTER)
    d.page(text_ops(body_lines(A5_LANDSCAPE, "A5 landscape page")), size=A5_LANDSCAPE)
    # A4 shown through a crop box that does not start at the origin.
    d.page(text_ops(body_lines(A4, "Cropped A4 page")), size=A4,
           extra=b" /CropBox [36 36 559 806]")
    d.finish(os.path.join(out, "mixed-sizes.pdf"))
    manifest(out, "mixed-sizes", 6, [
        ident(ID_SIZES, "cn_resident_id", [2]),
        ident(MOBILE_SIZES, "cn_mobile", [3]),
    ], [1, 4, 5, 6])


def type3_font(pdf):
    """Printable ASCII as boxes (digits are tall boxes with a notch), with a
    ToUnicode CMap so text extraction still yields the characters."""
    procs = []
    names = []
    for code in range(32, 127):
        name = "g%d" % code
        names.append(name)
        if code == 32:
            proc = "600 0 0 0 0 0 d1"
        elif 48 <= code <= 57:
            proc = "600 0 50 0 550 700 d1 50 0 500 700 re f 200 100 100 %d re f" % (50 * (code - 47))
        else:
            proc = "600 0 50 0 550 500 d1 60 0 480 500 re f"
        procs.append(b"/%s %d 0 R" % (name.encode(), pdf.stream(proc, compress=False)))
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <00> <FF> endcodespacerange\n"
            "1 beginbfrange <20> <7E> <0020> endbfrange\n"
            "endcmap CMapName currentdict /CMap defineresource pop end end\n")
    tounicode = pdf.stream(cmap)
    charprocs = pdf.add(b"<< " + b" ".join(procs) + b" >>")
    diffs = "[32 " + " ".join("/" + n for n in names) + "]"
    return pdf.add(
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 600 700] "
        b"/FontMatrix [0.001 0 0 0.001 0 0] /CharProcs %d 0 R "
        b"/Encoding << /Type /Encoding /Differences %s >> /FirstChar 32 /LastChar 126 "
        b"/Widths [%s] /Resources << >> /ToUnicode %d 0 R >>" % (
            charprocs, diffs.encode(), b" ".join([b"600"] * 95), tounicode))


def case_type3(out):
    d = Doc()
    t3 = type3_font(d.pdf)
    fonts = {"T3": t3}
    d.page(text_ops([(56, 770, 16, "Type3 font")]) +
           text_ops([(56, 700, 12, "ID " + ID_TYPE3)], font="T3"), fonts=fonts)
    d.page(text_ops([(56, 770, 16, "Type3 font")]) +
           text_ops([(56, 700, 12, "Mobile " + MOBILE_TYPE3)], font="T3"), fonts=fonts)
    # A clean page written in the Type3 font itself.
    d.page(text_ops([(56, 700, 12, CLEAN), (56, 680, 12, "Boxes for glyphs.")], font="T3"),
           fonts=fonts)
    d.page(text_ops(body_lines(A4, "Plain page")), fonts=fonts)
    d.finish(os.path.join(out, "type3-font.pdf"))
    manifest(out, "type3-font", 4, [
        ident(ID_TYPE3, "cn_resident_id", [1]),
        ident(MOBILE_TYPE3, "cn_mobile", [2]),
    ], [3, 4])


def cid_font(pdf, chars):
    """A non-embedded CID font (STSong-Light, Adobe-GB1) addressed through
    Identity-H with two-byte codes equal to the Unicode code points, and a
    ToUnicode CMap for exactly the characters used."""
    codes = sorted(set(ord(c) for c in chars))
    entries = ["<%04X> <%04X>" % (c, c) for c in codes]
    chunks = []
    for i in range(0, len(entries), 100):
        part = entries[i:i + 100]
        chunks.append("%d beginbfchar\n%s\nendbfchar" % (len(part), "\n".join(part)))
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            + "\n".join(chunks) +
            "\nendcmap CMapName currentdict /CMap defineresource pop end end\n")
    tounicode = pdf.stream(cmap)
    desc = pdf.add(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
                   b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
                   b"/CapHeight 880 /StemV 93 >>")
    cidfont = pdf.add(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
                      b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
                      b"/FontDescriptor %d 0 R /DW 1000 /W [32 126 500] >>" % desc)
    return pdf.add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light "
                   b"/Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>"
                   % (cidfont, tounicode))


def cid_ops(lines):
    ops = []
    for x, y, size, text in lines:
        hexs = "".join("%04X" % ord(c) for c in text)
        ops.append("BT /C1 %g Tf %g %g Td <%s> Tj ET" % (size, x, y, hexs))
    return "\n".join(ops) + "\n"


def case_cid(out):
    pages = [
        [(56, 770, 16, "客户登记表"), (56, 720, 12, "客户姓名：王伟"),
         (56, 700, 12, "身份证号：" + ID_CID), (56, 680, 12, "地址：北京市朝阳区建国路")],
        [(56, 770, 16, "联系方式"), (56, 720, 12, "联系电话：" + MOBILE_CID),
         (56, 700, 12, "请在工作日联系。")],
        [(56, 770, 16, "服务条款"), (56, 720, 12, CLEAN_ZH), (56, 700, 12, "清算组依法处理。")],
        [(56, 770, 16, "签字页"), (56, 720, 12, CLEAN_ZH)],
    ]
    d = Doc()
    font = cid_font(d.pdf, "".join(t for p in pages for _, _, _, t in p))
    for p in pages:
        d.page(cid_ops(p), fonts={"C1": font})
    d.finish(os.path.join(out, "cid-chinese.pdf"))
    manifest(out, "cid-chinese", 4, [
        ident(ID_CID, "cn_resident_id", [1]),
        ident(MOBILE_CID, "cn_mobile", [2]),
    ], [3, 4], sentence=CLEAN_ZH)


def case_annotations(out):
    d = Doc()
    pdf = d.pdf
    page1 = pdf.reserve()
    ap = pdf.stream("/Tx BMC q BT /F1 11 Tf 2 5 Td (%s) Tj ET Q EMC" % MOBILE_FORM,
                    b"/Type /XObject /Subtype /Form /BBox [0 0 200 20] "
                    b"/Resources << /Font << /F1 %d 0 R >> >>" % d.helv)
    field = pdf.add(b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (mobile) "
                    b"/TU (Customer mobile) /V %s /DV %s /Rect [150 600 350 620] "
                    b"/P %d 0 R /F 4 /DA (/Helv 11 Tf 0 g) /AP << /N %d 0 R >> >>"
                    % (pdf_string(MOBILE_FORM), pdf_string(MOBILE_FORM), page1, ap))
    note = pdf.add(b"<< /Type /Annot /Subtype /Text /Rect [400 700 420 720] /F 4 "
                   b"/Contents %s /T (Reviewer) /Open false /Name /Comment >>"
                   % pdf_string("Checked against the card: " + ID_ANNOT))
    content = text_ops([(56, 770, 16, "Form with a note"), (56, 606, 11, "Mobile:")])
    d.page(content, extra=b" /Annots [%d 0 R %d 0 R]" % (field, note))
    # Page() appended a fresh number; move it to the reserved one the /P keys use.
    num = d.kids.pop()
    pdf.objs[page1] = pdf.objs.pop(num)
    d.kids.append(page1)
    d.page(text_ops(body_lines(A4, "Second page")))
    helv = pdf.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    d.catalog_extra = (b" /AcroForm << /Fields [%d 0 R] /DA (/Helv 11 Tf 0 g) "
                       b"/DR << /Font << /Helv %d 0 R >> >> >>" % (field, helv))
    d.finish(os.path.join(out, "annotations-forms.pdf"))
    manifest(out, "annotations-forms", 2, [
        ident(ID_ANNOT, "cn_resident_id", [1], "annotation"),
        ident(MOBILE_FORM, "cn_mobile", [1], "form-field"),
    ], [2])


def case_metadata(out):
    d = Doc()
    d.page(text_ops(body_lines(A4, "Metadata only")))
    d.page(text_ops(body_lines(A4, "Second page")))
    xmp = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
           '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
           '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:pdf="http://ns.adobe.com/pdf/1.3/">\n'
           '<dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:creator>\n'
           '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">客户手机 %s</rdf:li>'
           '</rdf:Alt></dc:description>\n'
           '<pdf:Keywords>customer %s</pdf:Keywords>\n'
           '</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>\n'
           % (ID_META, MOBILE_META, ID_META)).encode("utf-8")
    meta = d.pdf.add(b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(xmp)
                     + xmp + b"\nendstream")
    d.catalog_extra = b" /Metadata %d 0 R" % meta
    info = d.pdf.add(b"<< /Title %s /Author %s /Subject %s /Keywords %s /Creator (make-tricky-pdfs) >>"
                     % (pdf_text_string("客户档案 " + MOBILE_META), pdf_string(ID_META),
                        pdf_string("Mobile " + spaced_mobile(MOBILE_META)),
                        pdf_string(ID_META)))
    d.finish(os.path.join(out, "metadata.pdf"), info=info)
    manifest(out, "metadata", 2, [
        ident(ID_META, "cn_resident_id", [], "info+xmp"),
        ident(MOBILE_META, "cn_mobile", [], "info+xmp"),
    ], [1, 2])


def case_js_outline_attachment(out):
    d = Doc()
    pdf = d.pdf
    d.page(text_ops(body_lines(A4, "First page")))
    d.page(text_ops(body_lines(A4, "Second page")))
    js = pdf.add(b"<< /S /JavaScript /JS %s >>"
                 % pdf_string("var id = '%s'; app.alert('Customer ' + id);" % ID_JS))
    js_stream = pdf.stream("console.println('%s');" % ID_JS, compress=True)
    js2 = pdf.add(b"<< /S /JavaScript /JS %d 0 R >>" % js_stream)
    data = ("Customer record\nResident ID: %s\nMobile: %s\n" % (ID_JS, MOBILE_ATTACH)).encode()
    ef = pdf.add(b"<< /Type /EmbeddedFile /Subtype /text#2Fplain /Length %d "
                 b"/Params << /Size %d >> >>\nstream\n" % (len(data), len(data)) + data
                 + b"\nendstream")
    spec = pdf.add(b"<< /Type /Filespec /F (customer.txt) /UF (customer.txt) "
                   b"/Desc (Mobile %s) /EF << /F %d 0 R >> >>" % (MOBILE_ATTACH.encode(), ef))
    outlines = pdf.reserve()
    item1 = pdf.reserve()
    item2 = pdf.reserve()
    pdf.add(b"<< /Title %s /Parent %d 0 R /Next %d 0 R /Dest [%d 0 R /Fit] >>"
            % (pdf_string("Customer " + MOBILE_OUTLINE), outlines, item2, d.kids[0]), item1)
    pdf.add(b"<< /Title %s /Parent %d 0 R /Prev %d 0 R /Dest [%d 0 R /Fit] >>"
            % (pdf_text_string("客户 " + ID_JS), outlines, item1, d.kids[1]), item2)
    pdf.add(b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count 2 >>"
            % (item1, item2), outlines)
    d.catalog_extra = (b" /Names << /JavaScript << /Names [(init) %d 0 R (log) %d 0 R] >> "
                       b"/EmbeddedFiles << /Names [(customer.txt) %d 0 R] >> >> "
                       b"/OpenAction %d 0 R /Outlines %d 0 R /PageMode /UseOutlines"
                       % (js, js2, spec, js, outlines))
    d.finish(os.path.join(out, "js-outline-attachment.pdf"))
    manifest(out, "js-outline-attachment", 2, [
        ident(ID_JS, "cn_resident_id", [], "javascript+outline+attachment"),
        ident(MOBILE_OUTLINE, "cn_mobile", [], "outline"),
        ident(MOBILE_ATTACH, "cn_mobile", [], "attachment"),
    ], [1, 2])


def case_hidden_layer(out):
    d = Doc()
    pdf = d.pdf
    ocg = pdf.add(b"<< /Type /OCG /Name (Internal notes) >>")
    # A form XObject that is itself in the hidden layer.
    xobj = pdf.stream("BT /F1 11 Tf 0 0 Td (Mobile %s) Tj ET" % MOBILE_HIDDEN,
                      b"/Type /XObject /Subtype /Form /BBox [0 0 300 20] /OC %d 0 R "
                      b"/Resources << /Font << /F1 %d 0 R >> >>" % (ocg, d.helv))
    content = (text_ops([(56, 770, 16, "Hidden layer"), (56, 720, 11, "Visible text only.")]) +
               "/OC /oc1 BDC\n" + text_ops([(56, 690, 11, "Resident ID " + ID_HIDDEN)]) +
               "EMC\nq 1 0 0 1 56 660 cm /Fx1 Do Q\n")
    d.page(content, properties={"oc1": ocg}, xobjects={"Fx1": xobj})
    d.page(text_ops(body_lines(A4, "Second page")))
    d.catalog_extra = (b" /OCProperties << /OCGs [%d 0 R] /D << /Order [%d 0 R] "
                       b"/ON [] /OFF [%d 0 R] >> >>" % (ocg, ocg, ocg))
    d.finish(os.path.join(out, "hidden-layer.pdf"))
    manifest(out, "hidden-layer", 2, [
        ident(ID_HIDDEN, "cn_resident_id", [1], "hidden-layer"),
        ident(MOBILE_HIDDEN, "cn_mobile", [1], "hidden-layer"),
    ], [2])


def case_encrypted(out):
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        print("make-tricky-pdfs: qpdf not found, no encrypted case", file=sys.stderr)
        return
    plain = os.path.join(out, "encrypted.plain.tmp")
    plain_doc(plain)
    target = os.path.join(out, "encrypted.pdf")
    # The one file that is not byte-identical between runs: AES-256 (R6)
    # draws a random file key even with --static-id and --static-aes-iv.
    # The content and the passwords are the same on every run.
    subprocess.run([qpdf, "--static-id", "--static-aes-iv", "--encrypt", "user", "owner", "256", "--",
                    plain, target], check=True)
    os.unlink(plain)
    manifest(out, "encrypted", 5, [
        ident(spaced_id(ID_PLAIN), "cn_resident_id", [2]),
        ident(spaced_mobile(MOBILE_PLAIN), "cn_mobile", [4]),
    ], [1, 3, 5], expect="error", error_words=["encrypt", "password"])


def case_truncated(out):
    full = os.path.join(out, "truncated.full.tmp")
    # The page tree and catalog are written last, so the first half lacks them.
    data = plain_doc(full, tail_tree=True)
    os.unlink(full)
    with open(os.path.join(out, "truncated.pdf"), "wb") as f:
        f.write(data[:len(data) // 2])
    manifest(out, "truncated", 5, [], [], expect="error",
             error_words=["damaged", "corrupt", "truncated", "invalid", "not a pdf",
                          "cannot", "could not", "couldn't", "unable", "failed", "open"])


def case_corrupt(out):
    data = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    seed = 4242
    for _ in range(4096):
        seed = (seed * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        data.append(seed >> 56)
    data += b"\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\nendobj\ntrailer\n<< /Root 9 0 R >>\n"
    with open(os.path.join(out, "corrupt.pdf"), "wb") as f:
        f.write(bytes(data))
    manifest(out, "corrupt", 0, [], [], expect="error",
             error_words=["damaged", "corrupt", "invalid", "not a pdf", "cannot",
                          "could not", "couldn't", "unable", "failed", "open"])


def case_zero_pages(out):
    d = Doc()
    d.finish(os.path.join(out, "zero-pages.pdf"))
    manifest(out, "zero-pages", 0, [], [], expect="error",
             error_words=["page", "empty"])


def case_many_pages(out, n=2000, every=100):
    d = Doc()
    size = (300, 200)
    idents = []
    for p in range(1, n + 1):
        if p % every == 0:
            k = p // every
            rid = resident_id("110101198001%02d%03d" % (k, 100 + k))
            idents.append(ident(rid, "cn_resident_id", [p]))
            lines = [(20, 160, 12, "Record"), (20, 130, 10, "ID " + rid)]
        else:
            lines = [(20, 160, 12, "Record"), (20, 130, 10, CLEAN)]
        d.page(text_ops(lines), size=size)
    d.finish(os.path.join(out, "many-pages.pdf"))
    manifest(out, "many-pages", n, idents,
             [p for p in range(1, n + 1) if p % every != 0])


PROSE = [
    "The parties agree that the services described in this schedule are provided",
    "for the period stated above and that either party may end the agreement by",
    "written notice of thirty days. Personal information collected in the course",
    "of the services is processed only for the purposes set out in the notice and",
    "is deleted when those purposes are fulfilled, unless the law requires that",
    "it be kept. The company keeps accounting records for the periods required by",
    "the accounting archives rules and answers questions about them in writing.",
]


def bench_doc(path, pages, hits):
    """A contract-like text document: a full page of prose each, identifiers
    (a resident ID and a mobile number) on @hits pages spread evenly."""
    d = Doc()
    step = pages / float(hits) if hits else 0
    hit_pages = set(int(i * step) + 1 for i in range(hits)) if hits else set()
    idents = []
    for p in range(1, pages + 1):
        lines = [(56, 780, 14, "Agreement, schedule of services")]
        y = 750
        extra = []
        if p in hit_pages:
            rid = resident_id("44010619%02d0%d15%03d" % (70 + p % 30, 1 + p % 9, p % 1000))
            mob = "138%08d" % (10000000 + p * 7919)
            extra = ["Customer resident ID: " + rid, "Customer mobile: " + mob]
            idents.append(ident(rid, "cn_resident_id", [p]))
            idents.append(ident(mob, "cn_mobile", [p]))
        for t in extra + [CLEAN]:
            lines.append((56, y, 10, t))
            y -= 14
        i = p
        while y > 60:
            lines.append((56, y, 10, PROSE[i % len(PROSE)]))
            y -= 14
            i += 1
        if p in hit_pages:
            lines = [l for l in lines if l[3] != CLEAN]
        d.page(text_ops(lines))
    d.finish(path)
    base = os.path.splitext(os.path.basename(path))[0]
    manifest(os.path.dirname(path) or ".", base, pages, idents,
             [p for p in range(1, pages + 1) if p not in hit_pages])


CASES = {
    "plain-text": case_plain,
    "scanned-ocr": case_scanned,
    "glyph-by-glyph": case_glyphs,
    "rotated": case_rotated,
    "mixed-sizes": case_sizes,
    "type3-font": case_type3,
    "cid-chinese": case_cid,
    "annotations-forms": case_annotations,
    "metadata": case_metadata,
    "js-outline-attachment": case_js_outline_attachment,
    "hidden-layer": case_hidden_layer,
    "encrypted": case_encrypted,
    "truncated": case_truncated,
    "corrupt": case_corrupt,
    "zero-pages": case_zero_pages,
    "many-pages": case_many_pages,
}
DEFAULT_SKIP = {"many-pages"}


def main(argv):
    if len(argv) < 2 or argv[1].startswith("-"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    args = argv[2:]
    if args[:1] == ["--bench"]:
        if len(args) < 3:
            print("make-tricky-pdfs: --bench PAGES HITS [--name NAME]", file=sys.stderr)
            return 2
        name = args[4] if len(args) >= 5 and args[3] == "--name" else "bench"
        bench_doc(os.path.join(out, name + ".pdf"), int(args[1]), int(args[2]))
        return 0
    if args[:1] == ["--only"]:
        names = args[1:]
        unknown = [n for n in names if n not in CASES]
        if unknown or not names:
            print("make-tricky-pdfs: unknown case(s): %s (known: %s)"
                  % (" ".join(unknown), " ".join(CASES)), file=sys.stderr)
            return 2
    elif args:
        print("make-tricky-pdfs: unexpected argument %s" % args[0], file=sys.stderr)
        return 2
    else:
        names = [n for n in CASES if n not in DEFAULT_SKIP]
    for n in names:
        CASES[n](out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
