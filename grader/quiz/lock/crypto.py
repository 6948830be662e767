"""The cryptography of locks: the slow hash of an answer, content keys, and sealed explanations.

Nothing here is written by hand that a vetted library does: the slow hash is
scrypt (hashlib, i.e. OpenSSL), the explanations are sealed with
ChaCha20-Poly1305 (the `cryptography` package).

- `Kdf.derive(salt, form)` is the slow hash of a normalised answer: two scrypt
  *lanes* (the lock's salt extended by the lane number), hashed at once in two
  threads, combined by HKDF-SHA256 into 48 bytes, of which the first 16 are the
  public *tag* and the other 32 wrap a content key. A check waits for one lane
  when two cores are free; a guess costs the CPU of both (format 3).
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
from typing import Iterable, Sequence

FORMAT = 3  # the lock format: 1 = scrypt 2^13 + SHA-256 keystream/HMAC; 2 = one scrypt lane; 3 = two lanes (this)
TAG_BYTES = 16
KEY_BYTES = 32
DK_BYTES = TAG_BYTES + KEY_BYTES
LANE_BYTES = 32
_COMBINE = b"nndl-grader lock v3"


@dataclass(frozen=True)
class Kdf:
    """scrypt's cost parameters and the number of lanes. The standard ones: two lanes of scrypt
    (n = 2^15, r = 11: 44 MiB and about 0.24 s of CPU each) hashed at once in two threads, so a check
    waits for about one lane on two free cores while a guess costs the CPU of both
    (benchmarks/bench_lock.py; the target is a check under 0.3 s)."""

    n: int = 2**15
    r: int = 11
    p: int = 1
    lanes: int = 2

    def derive(self, salt: bytes, password: str) -> bytes:
        """The 48 bytes of one answer (cached in the process: `grade watch` and `quiz take` check the same
        answers again and again)."""
        key = (self, salt, password)
        found = _CACHE.get(key)
        if found is None:
            found = _CACHE[key] = _derive(self, salt, password)
            if len(_CACHE) > 8192:
                _CACHE.pop(next(iter(_CACHE)))
        return found

    def lane(self, salt: bytes, password: str, lane: int) -> bytes:
        """One lane: scrypt with the lock's salt extended by the lane number (distinct salts)."""
        return hashlib.scrypt(password.encode("utf-8"), salt=lane_salt(salt, lane), n=self.n, r=self.r, p=self.p,
                              dklen=LANE_BYTES, maxmem=256 * self.r * self.n * self.p + (1 << 20))

    def combine(self, salt: bytes, lanes: Sequence[bytes]) -> bytes:
        """The 48 derived bytes (tag, then key bytes) from every lane's output: HKDF-SHA256."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        return HKDF(algorithm=hashes.SHA256(), length=DK_BYTES, salt=salt, info=_COMBINE).derive(b"".join(lanes))


STANDARD = Kdf()


def lane_salt(salt: bytes, lane: int) -> bytes:
    return salt + b"\0lane\0" + bytes([lane])


_CACHE: dict[tuple["Kdf", bytes, str], bytes] = {}


def clear_cache() -> None:
    """Forget every derived answer of this process (benchmarks and tests time the real hash)."""
    _CACHE.clear()


def _derive(kdf: Kdf, salt: bytes, password: str) -> bytes:
    """Every lane of one answer, hashed at once in threads (hashlib's scrypt runs without the GIL), then combined."""
    lanes = kdf.lanes
    if lanes == 1:
        return kdf.combine(salt, [kdf.lane(salt, password, 0)])
    import threading

    out: list[bytes | None] = [None] * lanes
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            out[i] = kdf.lane(salt, password, i)
        except BaseException as exc:  # re-raised in the caller
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(1, lanes)]
    for t in threads:
        t.start()
    run(0)
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return kdf.combine(salt, out)  # type: ignore[arg-type]


def derive_all(kdf: Kdf, jobs: Iterable[tuple[bytes, str]], workers: int = 1) -> dict[tuple[bytes, str], bytes]:
    """The derived bytes of every (salt, form). With `workers` > 1 every lane of every job goes to one pool
    of threads (so `workers` lanes run at once, not `workers` x lanes); the results land in the cache."""
    unique = sorted(set(jobs))
    out = {(s, f): _CACHE[(kdf, s, f)] for s, f in unique if (kdf, s, f) in _CACHE}
    todo = [job for job in unique if job not in out]
    if workers > 1 and len(todo) > 1:
        from concurrent.futures import ThreadPoolExecutor

        lane_jobs = [(s, f, i) for s, f in todo for i in range(kdf.lanes)]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            lanes = list(pool.map(lambda job: kdf.lane(*job), lane_jobs))
        for k, (s, f) in enumerate(todo):
            out[(s, f)] = _CACHE[(kdf, s, f)] = kdf.combine(s, lanes[k * kdf.lanes:(k + 1) * kdf.lanes])
    else:
        out.update({(s, f): kdf.derive(s, f) for s, f in todo})
    return out


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
