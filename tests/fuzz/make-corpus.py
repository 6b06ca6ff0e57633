#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpora of the fuzz harnesses: tests/fuzz/corpus/detect,
ooxml and mail (the CSV seeds are written by hand). Every identifier is
synthetic (the test vectors of tests/test-detect.c). Deterministic: the
same files on every run, so the committed seeds can be checked against it.

    python3 tests/fuzz/make-corpus.py [CORPUS-DIR]
"""

import base64
import io
import os
import quopri
import sys
import zipfile

CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), 'corpus')
EPOCH = (1980, 1, 1, 0, 0, 0)

ID = '110101199003074514'
ID_X = '11010519491231002X'
MOBILE = '13812345678'
LANDLINE = '021-62345678'
CARD = '6222021234567890128'
EMAIL = 'zhang.san@example.com'
USCC = '91350100M000100Y43'
PASSPORT = 'E12345678'


def write(kind, name, data):
    d = os.path.join(CORPUS, kind)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


def make_zip(members, compression=zipfile.ZIP_DEFLATED):
    """members: list of (name, bytes-or-str[, compress_type])."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w') as z:
        for m in members:
            name, data = m[0], m[1]
            info = zipfile.ZipInfo(name, EPOCH)
            info.compress_type = m[2] if len(m) > 2 else compression
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode('utf-8') if isinstance(data, str) else data)
    return buf.getvalue()


# -- detect ------------------------------------------------------------------

def detect_seeds():
    write('detect', 'resident-id.txt',
          f'身份证号{ID}联系\n客户：张三（{ID}）。\nID: 110105 19491231 002X.\n'
          f'110105-19491231-002X\n110105 1949 1231 002X\n旧证110105491231002\n'
          f'{ID_X.lower()}\nleap day 510107198802291230\n810000199001010027\n'
          f'身份证号１１０１０１１９９００３０７４５１４\n')
    write('detect', 'phones.txt',
          f'手机{MOBILE}联系\n手机：138 1234 5678。\n138-1234-5678\ntel +86 139-0000-0000\n'
          f'0086 199 1234 5678\n电话+8613812345678\n(021) 6234-5678\n电话（021）62345678\n'
          f'0571-8888 6666\n0755-23456789\n电话02162345678转\n+86 10 8765 4321\n'
          f'021-62345678-801\n１３８１２３４５６７８\n')
    write('detect', 'cards.txt',
          f'卡号 {CARD}\n6222 0212 3456 7890 128\norder 6212345678901234560 refunded\n'
          f'卡号6200000000000005\n6217000012345678907\n6228480030123456789\n'
          f'银行卡：6222 0202 0011 2233 8\n')
    write('detect', 'emails.txt',
          f'write to {EMAIL}.\nZhang@Example.COM\n<wang@example.org>\n'
          f'Li_Si+tag@Mail.Example.COM.cn\nmailto:li%si@xn--fiqs8s.cn\nQQ邮箱13812345678@163.com\n'
          f'a-b@sub-domain.example.co\nzhang@example.com。\n')
    write('detect', 'uscc-travel.txt',
          f'统一社会信用代码{USCC}\n91110000600037341L\n91440300MA5GXY7K1H\n'
          f'护照号码：{PASSPORT}\nPassport No. G12345678\n外交护照 DE1234567\n'
          f'往来港澳通行证 C12345678\n回乡证：H1234567801\n台胞证号码1234567801(b)\n'
          f'台湾居民来往大陆通行证：87654321\n往来台湾通行证 L12345678\n')
    write('detect', 'negatives.txt',
          '550e8400-e29b-41d4-a716-446655440000\nd41d8cd98f00b204e9800998ecf8427e\n'
          'da39a3ee5e6b4b0d3255bfef95601890afd80709\n2024-01-01 12:00:00\n192.168.100.200\n'
          '订单 20240101120000 流水 1700000000000\n金额 62,000,000,000,000.05\nv1.2.3\n'
          '3.14159265358979323846\n订单号：202401011234567890\nORD-2024-110101199003074514\n'
          '1110101199003074514\n91350100M000100Y44\na..b@example.com\nzhang@example..com\n'
          'x13812345678\n13812345678.00元\n(021)-\n(0755\n台胞证有效期至20301231\n')
    write('detect', 'mixed.txt',
          f'身份证{ID} 手机{MOBILE} 邮箱a@example.com 电话{LANDLINE}\n'
          f'客户1，身份证{ID_X}，手机139 0000 0000。卡号{CARD}；护照{PASSPORT}\n'
          f'{USCC},{EMAIL},{MOBILE}\n')
    write('detect', 'binary.bin',
          b'\x00\xff' + ID.encode() + b'\x00\xc3' + MOBILE.encode() + b'\x00\xfe\xfd' +
          b'45678 1101011990\x00' + bytes(range(256)))
    write('detect', 'gbk.txt', f'身份证：{ID}，电话：{LANDLINE}\n'.encode('gbk'))
    write('detect', 'cut.txt', '1101011990030745\n138123\n+86 \n@\n卡号\n护照\n(021) \n')


# -- ooxml / odf -------------------------------------------------------------

CT = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' \
     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' \
     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' \
     '<Default Extension="xml" ContentType="application/xml"/>{}</Types>'
RELS = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' \
       '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' \
       '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/' \
       'relationships/officeDocument" Target="{}"/></Relationships>'
CORE = '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties ' \
       'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' \
       'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>客户名单</dc:title>' \
       f'<dc:creator>{EMAIL}</dc:creator></cp:coreProperties>'
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(body, extra=()):
    doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body>{body}</w:body></w:document>'
    return [
        ('[Content_Types].xml', CT.format(
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>')),
        ('_rels/.rels', RELS.format('word/document.xml')),
        ('docProps/core.xml', CORE),
        ('word/document.xml', doc),
    ] + list(extra)


def para(*runs):
    return '<w:p>' + ''.join(f'<w:r><w:t xml:space="preserve">{r}</w:t></w:r>' for r in runs) + '</w:p>'


def xlsx(sheet, shared):
    sst = ''.join(f'<si><t>{s}</t></si>' for s in shared)
    return [
        ('[Content_Types].xml', CT.format(
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>')),
        ('_rels/.rels', RELS.format('xl/workbook.xml')),
        ('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
         'spreadsheetml/2006/main"><sheets><sheet name="客户" sheetId="1" r:id="rId1" xmlns:r="x"/>'
         '</sheets></workbook>'),
        ('xl/sharedStrings.xml', '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
         f'spreadsheetml/2006/main" count="{len(shared)}" uniqueCount="{len(shared)}">{sst}</sst>'),
        ('xl/worksheets/sheet1.xml', '<?xml version="1.0"?><worksheet xmlns="http://schemas.'
         f'openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet}</sheetData></worksheet>'),
    ]


def odf(mime, body, extra=()):
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
               f'office:version="1.3"><office:body>{body}</office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
                f'manifest:full-path="/" manifest:media-type="{mime}"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    meta = ('<?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office="urn:oasis:'
            'names:tc:opendocument:xmlns:office:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<office:meta><dc:creator>{EMAIL}</dc:creator></office:meta></office:document-meta>')
    return [('mimetype', mime, zipfile.ZIP_STORED), ('content.xml', content),
            ('meta.xml', meta), ('META-INF/manifest.xml', manifest)] + list(extra)


def set_encrypted_flag(data):
    """Sets bit 0 (encrypted) of the general-purpose flags of every entry."""
    b = bytearray(data)
    for sig, off in ((b'PK\x03\x04', 6), (b'PK\x01\x02', 8)):
        i = b.find(sig)
        while i >= 0:
            b[i + off] |= 1
            i = b.find(sig, i + 4)
    return bytes(b)


def ooxml_seeds():
    split = para('身份证号', ID[:4], ID[4:12], ID[12:]) + para('手机', MOBILE[:3], MOBILE[3:])
    table = ('<w:tbl><w:tr><w:tc>' + para('卡号') + '</w:tc><w:tc>' + para(CARD[:6], CARD[6:]) +
             '</w:tc></w:tr><w:tr><w:tc>' + para(EMAIL) + '</w:tc><w:tc>' + para(LANDLINE) +
             '</w:tc></w:tr></w:tbl>')
    write('ooxml', 'split-runs.docx', make_zip(docx(split + table)))
    write('ooxml', 'stored.docx', make_zip(docx(para(f'护照 {PASSPORT}') + '<w:p><w:r><w:t>1101</w:t>'
                                                '<w:tab/><w:t>0519</w:t><w:br/><w:t>4912</w:t></w:r></w:p>'),
                                           zipfile.ZIP_STORED))
    write('ooxml', 'headers-notes.docx', make_zip(docx(para(USCC), [
        ('word/header1.xml', f'<w:hdr {W}>{para("电话", LANDLINE)}</w:hdr>'),
        ('word/footnotes.xml', f'<w:footnotes {W}><w:footnote w:id="1">{para(ID_X)}</w:footnote></w:footnotes>'),
        ('word/comments.xml', f'<w:comments {W}><w:comment w:id="0">{para(MOBILE)}</w:comment></w:comments>'),
        ('word/media/image1.png', b'\x89PNG\r\n\x1a\n' + bytes(32)),
    ])))
    write('ooxml', 'entities.docx', make_zip(docx(
        para('&lt;客户&gt; &amp; ' + EMAIL, '&#49;&#51;&#56;12345678') +
        '<w:p><w:r><w:t><![CDATA[' + ID + ']]></w:t></w:r></w:p>' +
        '<w:p><w:r><w:delText>' + MOBILE + '</w:delText></w:r><w:ins><w:r><w:t>' + CARD +
        '</w:t></w:r></w:ins></w:p>')))
    write('ooxml', 'doctype.docx', make_zip([
        ('[Content_Types].xml', CT.format('')),
        ('word/document.xml', '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
         '<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><w:document ' + W + '><w:body>' +
         para('&lol2;', ID) + '</w:body></w:document>'),
    ]))
    sheet = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
             f'<row r="2"><c r="A2" t="inlineStr"><is><t>{ID}</t></is></c>'
             f'<c r="B2"><v>{MOBILE}</v></c><c r="C2" t="s"><v>2</v></c>'
             '<c r="D2" t="s"><v>99</v></c><c r="E2" t="str"><f>A2</f><v>x</v></c></row>'
             '<row r="3"><c r="A3"><v>1.10101199003074E+17</v></c>'
             '<c r="B3" t="inlineStr"><is><r><t>6222</t></r><r><t>021234567890128</t></r></is></c></row>')
    write('ooxml', 'sheet.xlsx', make_zip(xlsx(sheet, ['身份证号', '手机', EMAIL])))
    # Stored, not deflated: the fuzzer mutates the XML itself.
    write('ooxml', 'sheet-stored.xlsx', make_zip(xlsx(sheet, ['身份证号', '手机', EMAIL]), zipfile.ZIP_STORED))
    write('ooxml', 'slides.pptx', make_zip([
        ('[Content_Types].xml', CT.format(
            '<Override PartName="/ppt/presentation.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>')),
        ('_rels/.rels', RELS.format('ppt/presentation.xml')),
        ('ppt/presentation.xml', '<p:presentation xmlns:p="http://schemas.openxmlformats.org/'
         'presentationml/2006/main"/>'),
        ('ppt/slides/slide1.xml', '<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/'
         '2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree>'
         f'<p:sp><p:txBody><a:p><a:r><a:t>联系 {EMAIL}</a:t></a:r></a:p><a:p><a:r><a:t>138</a:t>'
         '</a:r><a:r><a:t>12345678</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>'),
        ('ppt/notesSlides/notesSlide1.xml', '<p:notes xmlns:p="http://schemas.openxmlformats.org/'
         'presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
         f'<a:t>{USCC}</a:t></p:notes>'),
    ]))
    inner = make_zip(xlsx(f'<row r="1"><c r="A1" t="inlineStr"><is><t>{ID_X}</t></is></c></row>', []))
    write('ooxml', 'embedded.docx', make_zip(docx(para('见附件'), [
        ('word/embeddings/Microsoft_Excel_Worksheet.xlsx', inner),
        ('word/embeddings/notes.txt', f'手机 {MOBILE}\n'),
    ])))
    whole = make_zip(docx(split + table))
    write('ooxml', 'truncated.docx', whole[:len(whole) * 2 // 3])
    write('ooxml', 'encrypted-flag.docx', set_encrypted_flag(make_zip(docx(para(ID)))))
    write('ooxml', 'ole-encrypted.docx', b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + bytes(24) +
          'EncryptionInfo'.encode('utf-16-le') + bytes(16) + 'EncryptedPackage'.encode('utf-16-le'))
    write('ooxml', 'no-document.docx', make_zip([('[Content_Types].xml', CT.format('')),
                                                 ('_rels/.rels', RELS.format('word/missing.xml'))]))

    odt = ('<office:text><text:h>客户</text:h><text:p>身份证<text:span>' + ID[:9] + '</text:span>' +
           ID[9:] + '</text:p><text:p>手机<text:s text:c="1"/>' + MOBILE + '<text:tab/>' + EMAIL +
           '</text:p><text:list><text:list-item><text:p>' + CARD + '</text:p></text:list-item>'
           '</text:list><text:p><text:a>' + LANDLINE + '</text:a><text:line-break/>' + USCC +
           '</text:p></office:text>')
    write('ooxml', 'text.odt', make_zip(odf('application/vnd.oasis.opendocument.text', odt)))
    write('ooxml', 'text-stored.odt', make_zip(odf('application/vnd.oasis.opendocument.text', odt),
                                               zipfile.ZIP_STORED))
    ods = ('<office:spreadsheet><table:table table:name="客户"><table:table-row>'
           f'<table:table-cell office:value-type="string"><text:p>{ID}</text:p></table:table-cell>'
           f'<table:table-cell office:value-type="float" office:value="{MOBILE}"><text:p>{MOBILE}'
           '</text:p></table:table-cell><table:table-cell table:number-columns-repeated="3"/>'
           f'<table:table-cell office:value-type="string"><text:p>{PASSPORT}</text:p></table:table-cell>'
           '</table:table-row></table:table></office:spreadsheet>')
    write('ooxml', 'sheet.ods', make_zip(odf('application/vnd.oasis.opendocument.spreadsheet', ods)))
    odp = ('<office:presentation><draw:page><draw:frame><draw:text-box><text:p>' + EMAIL +
           '</text:p></draw:text-box></draw:frame></draw:page></office:presentation>')
    write('ooxml', 'slides.odp', make_zip(odf('application/vnd.oasis.opendocument.presentation', odp, [
        ('Object 1/content.xml', '<office:document-content xmlns:office="urn:oasis:names:tc:'
         'opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
         f'<office:body><office:text><text:p>{ID_X}</text:p></office:text></office:body>'
         '</office:document-content>'),
    ])))
    write('ooxml', 'bad-xml.odt', make_zip(odf('application/vnd.oasis.opendocument.text',
                                               '<office:text><text:p>' + ID + '<text:span></text:p>')))


# -- mail --------------------------------------------------------------------

def b64(data, width=76):
    s = base64.b64encode(data).decode()
    return '\n'.join(s[i:i + width] for i in range(0, len(s), width))


HEAD = ('From: =?UTF-8?B?{}?= <sender@example.com>\nTo: "张三" <{}>\nSubject: {}\n'
        'Date: Mon, 1 Jan 2024 10:00:00 +0800\nMessage-ID: <{}@example.com>\nMIME-Version: 1.0\n')


def head(n, subject='=?UTF-8?B?' + base64.b64encode('客户资料'.encode()).decode() + '?='):
    return HEAD.format(base64.b64encode('李四'.encode()).decode(), EMAIL, subject, n)


def mail_seeds():
    body = f'您好，\n身份证号：{ID}\n手机：{MOBILE}\n卡号：{CARD}\n'
    write('mail', 'plain.eml', head(1) + 'Content-Type: text/plain; charset=utf-8\n'
          'Content-Transfer-Encoding: 8bit\n\n' + body)
    write('mail', 'base64.eml', head(2) + 'Content-Type: text/plain; charset="utf-8"\n'
          'Content-Transfer-Encoding: base64\n\n' + b64(body.encode()) + '\n')
    # The soft line break falls inside the ID number.
    qp = quopri.encodestring(('客户' * 3 + ' ' * 20 + ID + ' 电话' + LANDLINE + '\n').encode()).decode()
    write('mail', 'quoted-printable.eml', head(3) + 'Content-Type: text/plain; charset=utf-8\n'
          'Content-Transfer-Encoding: quoted-printable\n\n' + qp)
    gbk_subject = '=?GBK?B?' + base64.b64encode('客户身份证'.encode('gbk')).decode() + '?='
    write('mail', 'gbk.eml', (head(4, gbk_subject) + 'Content-Type: text/plain; charset=GBK\n'
                              'Content-Transfer-Encoding: 8bit\n\n').encode() + body.encode('gbk'))
    write('mail', 'gb2312-base64.eml', head(5) + 'Content-Type: text/plain; charset=gb2312\n'
          'Content-Transfer-Encoding: base64\n\n' + b64(body.encode('gb2312')) + '\n')
    html = f'<html><body><p>手机<b>{MOBILE[:3]}</b>{MOBILE[3:]}</p><p>{EMAIL}</p></body></html>'
    write('mail', 'alternative.eml', head(6) + 'Content-Type: multipart/alternative; boundary="alt"\n\n'
          '--alt\nContent-Type: text/plain; charset=utf-8\n\n' + body + '\n--alt\n'
          'Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n' +
          quopri.encodestring(html.encode()).decode() + '\n--alt--\n')
    csv = f'姓名,身份证号,手机\n张三,{ID},{MOBILE}\n'.encode('gbk')
    docx_bytes = make_zip(docx(para('身份证号', ID[:6], ID[6:])))
    fname = "=?UTF-8?B?" + base64.b64encode('客户.csv'.encode()).decode() + "?="
    write('mail', 'attachments.eml', head(7) + 'Content-Type: multipart/mixed; boundary="mix"\n\n'
          'preamble\n--mix\nContent-Type: text/plain; charset=utf-8\n\n见附件。\n--mix\n'
          f'Content-Type: text/csv; name="{fname}"\nContent-Disposition: attachment; '
          f'filename="{fname}"\nContent-Transfer-Encoding: base64\n\n' + b64(csv) + '\n--mix\n'
          'Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\n'
          "Content-Disposition: attachment; filename*=UTF-8''%E5%AE%A2%E6%88%B7.docx\n"
          'Content-Transfer-Encoding: base64\n\n' + b64(docx_bytes) + '\n--mix\n'
          'Content-Type: image/png; name="scan.png"\nContent-Disposition: inline\n'
          'Content-Transfer-Encoding: base64\n\n' + b64(b'\x89PNG\r\n\x1a\n' + bytes(24)) + '\n--mix--\n'
          'epilogue\n')
    inner = head(8) + 'Content-Type: text/plain; charset=utf-8\n\n转发：' + USCC + '\n'
    write('mail', 'forwarded.eml', head(9) + 'Content-Type: multipart/mixed; boundary="fw"\n\n'
          '--fw\nContent-Type: text/plain\n\nsee below\n--fw\nContent-Type: message/rfc822\n\n' +
          inner + '\n--fw--\n')
    write('mail', 'broken.eml', head(10) + 'Content-Type: multipart/mixed; boundary="never"\n\n'
          '--never\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n'
          + b64(body.encode())[:40] + '!!@@==\n--never\nContent-Type: multipart/mixed; boundary=\n\n'
          + ID + '\n')
    write('mail', 'unknown-charset.eml', head(11, '=?x-unknown?Q?' + MOBILE + '?=') +
          'Content-Type: text/plain; charset=x-unknown\nContent-Transfer-Encoding: x-uuencode\n\n'
          'begin 644 a.txt\n' + '#,3(S\n`\nend\n' + ID + '\n')
    write('mail', 'headers-only.eml', 'From: a@example.com\nTo: ' + EMAIL + '\nSubject: ' + MOBILE + '\n')
    msgs = []
    for i, text in enumerate([body, f'>From the desk\n护照 {PASSPORT}\n', f'邮箱 {EMAIL}\n']):
        msgs.append(f'From sender@example.com Mon Jan  {i + 1} 10:00:00 2024\n' + head(20 + i) +
                    'Content-Type: text/plain; charset=utf-8\n\n' + text + '\n')
    write('mail', 'three.mbox', ''.join(msgs))
    write('mail', 'attachment.mbox', 'From MAILER-DAEMON Mon Jan  1 10:00:00 2024\n' + head(30) +
          'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nhi\n--b\n'
          'Content-Type: text/plain; name="ids.txt"\nContent-Disposition: attachment; filename="ids.txt"\n'
          'Content-Transfer-Encoding: base64\n\n' + b64((ID + '\n').encode()) + '\n--b--\n\n'
          'From x Tue Jan  2 10:00:00 2024\nSubject: short\n\n' + LANDLINE + '\n')
    write('mail', 'truncated.mbox', ''.join(msgs)[:300])


detect_seeds()
ooxml_seeds()
mail_seeds()
