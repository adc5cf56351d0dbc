"""QR codes, drawn here with segno (no third party sees what they encode), error correction level M: an SVG that the
strict CSP allows (no XML declaration, no size, no script and no style attribute: the colours are fill and stroke
attributes; it scales to its box) and a PNG for mail."""

import io

import segno

ERROR_CORRECTION = "m"


def svg(text: str) -> str:
    buffer = io.BytesIO()
    segno.make(text, error=ERROR_CORRECTION).save(
        buffer, kind="svg", scale=1, border=4, xmldecl=False, omitsize=True, dark="#000", light="#fff"
    )
    return buffer.getvalue().decode()


def png(text: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error=ERROR_CORRECTION).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
