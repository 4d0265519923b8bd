"""Convert a DOCX to PDF in LibreOffice with every index (the table of contents) updated first.

Run by a Python that has LibreOffice's ``uno`` module (Debian: python3-uno), not by juesuan's
environment: ``python3 uno_pdf.py IN.docx OUT.pdf``. A plain ``soffice --convert-to pdf`` keeps
the TOC field's text as saved, without page numbers; Word updates it when the file is opened
(``w:updateFields``), LibreOffice only when asked, as here.
"""

import contextlib
import os
import subprocess
import sys
import tempfile
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _prop(name, value):  # type: ignore[no-untyped-def]
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def main(source: str, target: str) -> None:
    port = 20000 + os.getpid() % 20000
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        office = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--nologo", "--norestore", f"-env:UserInstallation=file://{profile}",
             f"--accept=socket,host=127.0.0.1,port={port};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            local = uno.getComponentContext()
            resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
            ctx = None
            for _ in range(300):
                try:
                    ctx = resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
                    break
                except Exception:
                    time.sleep(0.2)
            if ctx is None:
                raise SystemExit("LibreOffice did not start")
            desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0, (_prop("Hidden", True),))
            indexes = doc.getDocumentIndexes()
            for _ in range(2):  # the second pass sees the pages the first one's entries take
                for i in range(indexes.getCount()):
                    indexes.getByIndex(i).update()
                doc.refresh()
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)), (_prop("FilterName", "writer_pdf_Export"),))
            doc.close(True)
            with contextlib.suppress(Exception):
                desktop.terminate()
        finally:
            try:
                office.wait(timeout=30)
            except subprocess.TimeoutExpired:
                office.kill()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
