"""The text recogniser: RapidOCR's Chinese recognition model (PP-OCR, ONNX), run on our own crops.

Only recognition is used. Text is found by :mod:`juesuan.ingest.ocr.layout` (ruling lines and
ink runs), which is ten times faster than the detection network on a printed page and gives
boxes that never cross a cell border. The model files ship inside the ``rapidocr`` wheel; the
model path is given explicitly so that nothing is ever downloaded. One recogniser per process,
made on first use, on one thread (the batch runner already uses one process per core).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from juesuan.record import Record

__all__ = ["Reading", "OcrUnavailable", "recognise"]

#: the recognition model inside the rapidocr package (PP-OCRv6 small, 6.6k Chinese characters and symbols)
_MODEL = "PP-OCRv6_rec_small.onnx"


class OcrUnavailable(RuntimeError):
    """The OCR engine cannot be loaded (package missing or its model file absent)."""


@dataclass(frozen=True, slots=True, repr=False)
class Reading(Record):
    """What the model read in one crop: the text and each character's probability."""

    text: str
    confidences: tuple[float, ...]


@lru_cache(maxsize=1)
def _engine() -> Any:
    try:
        import rapidocr
        from rapidocr import RapidOCR
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise OcrUnavailable(f"未安装 OCR 组件 rapidocr（{exc}）") from exc
    model = Path(rapidocr.__file__).parent / "models" / _MODEL
    if not model.is_file():  # pragma: no cover - a broken installation
        raise OcrUnavailable(f"OCR 模型文件缺失：{model}")
    params = {
        "Global.log_level": "error",
        "Global.use_det": False,
        "Global.use_cls": False,
        "Global.use_vertical_padding": False,
        "Rec.model_path": str(model),
        # no padding to a fixed width: a crop is as wide as its text (half the work on short numbers)
        "Rec.rec_img_shape": [3, 48, 8],
        "EngineConfig.onnxruntime.intra_op_num_threads": 1,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    try:
        return RapidOCR(params=params)
    except Exception as exc:  # pragma: no cover - onnxruntime refusing the model
        raise OcrUnavailable(f"无法加载 OCR 模型（{exc}）") from exc


def available() -> bool:
    try:
        _engine()
    except OcrUnavailable:
        return False
    return True


def recognise(crop: Any) -> Reading:
    """Read one line of text from ``crop`` (an RGB ``numpy`` array, text horizontal)."""
    out = _engine()(crop, return_word_box=True)
    texts = out.txts or ("",)
    text = texts[0] or ""
    words = out.word_results[0] if out.word_results else None
    confs = tuple(float(c) for c in (getattr(words, "confs", None) or ()))
    if len(confs) != len(text.replace(" ", "")) and len(confs) != len(text):
        score = float(out.scores[0]) if out.scores else 0.0
        confs = tuple(score for _ in text)
    return Reading(text=text, confidences=confs)
