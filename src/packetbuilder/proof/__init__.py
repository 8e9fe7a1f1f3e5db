"""packet proof: a contact sheet of a built packet.

    read (pdfium) → measure each page → sheet (pypdf, bundled font) → write

Pages are rendered once, at thumbnail resolution, and the same pixels are both measured
(blank, mostly empty, landscape) and shown.
"""

from .measure import PageProof, read_pages
from .output import default_proof_path, refuse_unsafe_proof, write_proof
from .sheet import proof_sheet

__all__ = [
    "PageProof",
    "default_proof_path",
    "proof_sheet",
    "read_pages",
    "refuse_unsafe_proof",
    "write_proof",
]
