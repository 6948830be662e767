"""The cryptography of locks: the slow hash of an answer, content keys, and sealed explanations.

Nothing here is written by hand that a vetted library does: the slow hash is
scrypt (hashlib, i.e. OpenSSL), the explanations are sealed with
ChaCha20-Poly1305 (the `cryptography` package).

- `Kdf.derive(salt, form)` is scrypt over a normalised answer: 48 bytes, of which
  the first 16 are the public *tag* and the other 32 wrap a content key.
- The *content key* of a lock is derived from the right answer's bytes; an entry
  stores it XOR another accepted answer's 32 key bytes (one-time: every
  (salt, form) gives independent bytes), so any accepted answer unwraps it.
- `seal`/`unseal`: ChaCha20-Poly1305 with the content key. A content key seals
  exactly one text (one explanation of one variant of one item of one release),
  so the nonce can be derived from the lock's salt, which keeps releases
  byte-identical; the salt is also the associated data, so a sealed text moved to
  another item or variant does not open.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

FORMAT = 2  # the lock format: 1 = scrypt 2^13 + SHA-256 keystream/HMAC, per-choice multiple select; 2 = this
TAG_BYTES = 16
KEY_BYTES = 32
DK_BYTES = TAG_BYTES + KEY_BYTES


@dataclass(frozen=True)
class Kdf:
    """scrypt's cost parameters. The standard ones: 32 MiB and about 0.2 s of CPU per answer checked
    (benchmarks/bench_lock.py), just under the 0.3 s a student may wait for one answer's check."""

    n: int = 2**15
    r: int = 8
    p: int = 1

    def derive(self, salt: bytes, password: str) -> bytes:
        return _derive(self.n, self.r, self.p, salt, password)


STANDARD = Kdf()


@lru_cache(maxsize=8192)
def _derive(n: int, r: int, p: int, salt: bytes, password: str) -> bytes:
    """scrypt, cached: `grade watch` and `quiz take` check the same answers again and again."""
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=DK_BYTES,
                          maxmem=256 * r * n * p + (1 << 20))


def derive_all(kdf: Kdf, jobs: Iterable[tuple[bytes, str]], workers: int = 1) -> dict[tuple[bytes, str], bytes]:
    """scrypt for every (salt, form), in `workers` threads (hashlib's scrypt runs without the GIL)."""
    unique = sorted(set(jobs))
    if workers > 1 and len(unique) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(lambda job: kdf.derive(*job), unique))
        return dict(zip(unique, results))
    return {(s, f): kdf.derive(s, f) for s, f in unique}


def default_workers() -> int:
    return max(1, min(8, os.cpu_count() or 1))


def variant_tag(index: Sequence[int]) -> str:
    return ",".join(str(i) for i in index)


def lock_salt(salt_hex: str, quiz_id: str, item_id: str, index: Sequence[int]) -> bytes:
    """The salt of one variant's lock: the release salt, the quiz, the item and the variant, hashed."""
    material = bytes.fromhex(salt_hex) + f"\0{quiz_id}\0{item_id}\0{variant_tag(index)}".encode("utf-8")
    return hashlib.sha256(material).digest()


# ====================================================================== content keys

def content_key(material: bytes) -> bytes:
    return hashlib.sha256(b"nndl-grader content key v2\0" + material).digest()


def xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def tag_of(derived: bytes) -> str:
    return derived[:TAG_BYTES].hex()


def wrap(derived: bytes, key: bytes) -> str:
    """The content key wrapped with an accepted answer's derived key bytes (hex)."""
    return xor(derived[TAG_BYTES:], key).hex()


def unwrap(derived: bytes, wrapped: str) -> bytes:
    return xor(derived[TAG_BYTES:], bytes.fromhex(wrapped))


# ====================================================================== sealed explanations

_AAD = b"nndl-grader explanation v2\0"


def _nonce(salt: bytes) -> bytes:
    return hashlib.sha256(b"nndl-grader nonce v2\0" + salt).digest()[:12]


def seal(text: str, key: bytes, salt: bytes) -> str:
    """`text` encrypted and authenticated under `key` (ChaCha20-Poly1305), base64."""
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    data = ChaCha20Poly1305(key).encrypt(_nonce(salt), text.encode("utf-8"), _AAD + salt)
    return base64.b64encode(data).decode("ascii")


def unseal(sealed: str, key: bytes, salt: bytes) -> str | None:
    """The text, or None if the key or salt is wrong or the data was changed."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    try:
        data = base64.b64decode(sealed.encode("ascii"), validate=True)
        return ChaCha20Poly1305(key).decrypt(_nonce(salt), data, _AAD + salt).decode("utf-8")
    except (binascii.Error, ValueError, InvalidTag, UnicodeDecodeError):
        return None


def is_base64(text: str) -> bool:
    try:
        base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return False
    return True
