"""The packet's document information: title, author, subject, dates from the case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class PacketMetadata:
    title: str
    author: str
    subject: str
    date: dt.date
    creator: str


def pdf_date(date: dt.date) -> str:
    return f"D:{date.year:04d}{date.month:02d}{date.day:02d}000000Z"  # %Y drops zeros


def pdf_metadata(metadata: PacketMetadata) -> dict[str, str]:
    return {
        "/Title": metadata.title,
        "/Author": metadata.author,
        "/Subject": metadata.subject,
        "/Creator": metadata.creator,
        "/Producer": metadata.creator,
        "/CreationDate": pdf_date(metadata.date),
        "/ModDate": pdf_date(metadata.date),
    }
